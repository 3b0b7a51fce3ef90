using Dars.Lifecycle.Sla;

namespace Dars.Tests.Lifecycle.Sla;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar EnglandAndWales = WorkingCalendar.EnglandAndWales;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Given_Thursday_before_Easter_2026_When_adding_one_working_day_Then_Good_Friday_weekend_and_Easter_Monday_are_skipped()
    {
        var result = EnglandAndWales.AddWorkingDays(D(2026, 4, 2), 1);

        Assert.Equal(D(2026, 4, 7), result);
    }

    [Theory]
    [InlineData("2019-04-19", "2019-04-22")]
    [InlineData("2024-03-29", "2024-04-01")]
    [InlineData("2025-04-18", "2025-04-21")]
    [InlineData("2026-04-03", "2026-04-06")]
    [InlineData("2030-04-19", "2030-04-22")]
    public void Given_embedded_calendar_When_checking_Good_Friday_and_Easter_Monday_Then_neither_is_a_working_day(string goodFriday, string easterMonday)
    {
        var friday = DateOnly.Parse(goodFriday);
        var monday = DateOnly.Parse(easterMonday);

        Assert.Equal(DayOfWeek.Friday, friday.DayOfWeek);
        Assert.False(EnglandAndWales.IsWorkingDay(friday));
        Assert.False(EnglandAndWales.IsWorkingDay(monday));
        Assert.True(EnglandAndWales.IsWorkingDay(friday.AddDays(-1)));
        Assert.True(EnglandAndWales.IsWorkingDay(monday.AddDays(1)));
    }

    [Fact]
    public void Given_Christmas_Eve_2026_on_a_Thursday_When_adding_one_working_day_Then_Christmas_and_the_Boxing_Day_substitute_Monday_are_skipped()
    {
        var result = EnglandAndWales.AddWorkingDays(D(2026, 12, 24), 1);

        Assert.Equal(D(2026, 12, 29), result);
        Assert.False(EnglandAndWales.IsWorkingDay(D(2026, 12, 28)));
    }

    [Fact]
    public void Given_Christmas_2021_on_a_Saturday_When_adding_one_working_day_from_Christmas_Eve_Then_both_substitute_days_are_skipped()
    {
        var result = EnglandAndWales.AddWorkingDays(D(2021, 12, 24), 1);

        Assert.Equal(D(2021, 12, 29), result);
    }

    [Fact]
    public void Given_Christmas_2022_on_a_Sunday_When_checking_the_26th_and_27th_Then_both_are_bank_holidays()
    {
        Assert.False(EnglandAndWales.IsWorkingDay(D(2022, 12, 26)));
        Assert.False(EnglandAndWales.IsWorkingDay(D(2022, 12, 27)));
        Assert.True(EnglandAndWales.IsWorkingDay(D(2022, 12, 28)));
    }

    [Fact]
    public void Given_New_Year_2022_on_a_Saturday_When_adding_one_working_day_from_New_Years_Eve_Then_the_Monday_substitute_is_skipped()
    {
        var result = EnglandAndWales.AddWorkingDays(D(2021, 12, 31), 1);

        Assert.Equal(D(2022, 1, 4), result);
    }

    [Theory]
    [InlineData("2020-05-08")] // Early May moved for VE Day
    [InlineData("2022-06-02")] // Spring bank holiday moved
    [InlineData("2022-06-03")] // Platinum Jubilee
    [InlineData("2022-09-19")] // State Funeral of Queen Elizabeth II
    [InlineData("2023-01-02")] // New Year substitute
    [InlineData("2023-05-08")] // Coronation of King Charles III
    [InlineData("2028-01-03")] // New Year substitute
    public void Given_an_exceptional_bank_holiday_When_checking_it_Then_it_is_not_a_working_day(string date)
    {
        Assert.False(EnglandAndWales.IsWorkingDay(DateOnly.Parse(date)));
    }

    [Theory]
    [InlineData("2020-05-04")] // first Monday of May 2020 was a working day (moved to the 8th)
    [InlineData("2022-05-30")] // last Monday of May 2022 was a working day (moved to 2 June)
    public void Given_a_moved_bank_holiday_When_checking_its_usual_date_Then_it_is_a_working_day(string date)
    {
        Assert.True(EnglandAndWales.IsWorkingDay(DateOnly.Parse(date)));
    }

    [Fact]
    public void Given_a_Thursday_When_listing_working_days_through_the_next_Tuesday_Then_the_weekend_is_skipped()
    {
        var days = EnglandAndWales.WorkingDaysAfter(D(2026, 3, 5), D(2026, 3, 10)).ToList();

        Assert.Equal([D(2026, 3, 6), D(2026, 3, 9), D(2026, 3, 10)], days);
        Assert.Equal(3, EnglandAndWales.CountWorkingDaysAfter(D(2026, 3, 5), D(2026, 3, 10)));
    }

    [Fact]
    public void Given_a_Friday_When_adding_working_days_Then_the_weekend_is_skipped()
    {
        Assert.Equal(D(2026, 3, 9), EnglandAndWales.AddWorkingDays(D(2026, 3, 6), 1));
        Assert.Equal(D(2026, 3, 13), EnglandAndWales.AddWorkingDays(D(2026, 3, 6), 5));
    }

    [Fact]
    public void Given_a_weekend_date_When_adding_zero_working_days_Then_the_same_date_is_returned()
    {
        Assert.Equal(D(2026, 3, 7), EnglandAndWales.AddWorkingDays(D(2026, 3, 7), 0));
    }

    [Fact]
    public void Given_negative_days_When_adding_working_days_Then_it_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EnglandAndWales.AddWorkingDays(D(2026, 3, 7), -1));
    }

    [Fact]
    public void Given_embedded_calendar_When_asking_its_coverage_Then_it_spans_2018_to_2030()
    {
        Assert.Equal(2018, EnglandAndWales.FirstYear);
        Assert.Equal(2030, EnglandAndWales.LastYear);
        Assert.True(EnglandAndWales.Covers(D(2018, 1, 1)));
        Assert.True(EnglandAndWales.Covers(D(2030, 12, 31)));
        Assert.False(EnglandAndWales.Covers(D(2031, 1, 1)));
        Assert.False(EnglandAndWales.Covers(D(2017, 12, 31)));
    }

    [Fact]
    public void Given_a_date_beyond_the_calendar_When_checking_it_Then_only_weekends_are_excluded()
    {
        Assert.True(EnglandAndWales.IsWorkingDay(D(2031, 12, 25))); // Thursday, holidays unknown
        Assert.False(EnglandAndWales.IsWorkingDay(D(2031, 12, 27))); // Saturday
    }

    [Fact]
    public void Given_embedded_calendar_When_counting_holidays_per_year_Then_every_year_has_at_least_eight_on_weekdays()
    {
        var byYear = EnglandAndWales.BankHolidays.GroupBy(d => d.Year).ToDictionary(g => g.Key, g => g.ToList());

        Assert.Equal(Enumerable.Range(2018, 13), byYear.Keys.Order());
        Assert.All(byYear.Values, days =>
        {
            Assert.True(days.Count >= 8);
            Assert.All(days, d => Assert.NotEqual(DayOfWeek.Saturday, d.DayOfWeek));
            Assert.All(days, d => Assert.NotEqual(DayOfWeek.Sunday, d.DayOfWeek));
        });
        Assert.Equal(10, byYear[2022].Count);
        Assert.Equal(9, byYear[2023].Count);
    }

    [Fact]
    public void Given_a_replacement_GovUk_calendar_When_loaded_Then_only_its_holidays_are_skipped()
    {
        const string json = """
            {
              "england-and-wales": {"division": "england-and-wales", "events": [
                {"title": "Made-up day", "date": "2026-03-10", "notes": "", "bunting": true}
              ]},
              "scotland": {"division": "scotland", "events": [
                {"title": "St Andrew's Day", "date": "2026-11-30", "notes": "", "bunting": true}
              ]}
            }
            """;

        var calendar = WorkingCalendar.FromGovUkJson(json);
        var scotland = WorkingCalendar.FromGovUkJson(json, "scotland");

        Assert.Equal(D(2026, 3, 11), calendar.AddWorkingDays(D(2026, 3, 9), 1));
        Assert.True(calendar.IsWorkingDay(D(2026, 4, 3))); // Good Friday unknown to this calendar
        Assert.False(scotland.IsWorkingDay(D(2026, 11, 30)));
        Assert.True(scotland.IsWorkingDay(D(2026, 3, 10)));
    }

    [Fact]
    public void Given_text_that_is_not_JSON_When_loading_Then_a_FormatException_explains_it()
    {
        var ex = Assert.Throws<FormatException>(() => WorkingCalendar.FromGovUkJson("{ not json"));

        Assert.Contains("not valid JSON", ex.Message);
    }

    [Fact]
    public void Given_JSON_without_the_division_When_loading_Then_a_FormatException_names_the_division()
    {
        const string json = """{"scotland": {"division": "scotland", "events": []}}""";

        var ex = Assert.Throws<FormatException>(() => WorkingCalendar.FromGovUkJson(json));

        Assert.Contains("england-and-wales", ex.Message);
    }

    [Fact]
    public void Given_JSON_with_a_malformed_date_When_loading_Then_a_FormatException_quotes_the_date()
    {
        const string json = """
            {"england-and-wales": {"division": "england-and-wales", "events": [
              {"title": "Good", "date": "2026-04-03", "notes": "", "bunting": false},
              {"title": "Bad", "date": "03/04/2026", "notes": "", "bunting": false}
            ]}}
            """;

        var ex = Assert.Throws<FormatException>(() => WorkingCalendar.FromGovUkJson(json));

        Assert.Contains("03/04/2026", ex.Message);
        Assert.Contains("event 1", ex.Message);
    }

    [Fact]
    public void Given_JSON_with_an_event_missing_its_date_When_loading_Then_a_FormatException_is_thrown()
    {
        const string json = """{"england-and-wales": {"division": "england-and-wales", "events": [{"title": "No date"}]}}""";

        var ex = Assert.Throws<FormatException>(() => WorkingCalendar.FromGovUkJson(json));

        Assert.Contains("\"date\"", ex.Message);
    }
}
