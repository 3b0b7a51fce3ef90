using System.Globalization;
using System.Text.Json;

namespace Dars.Lifecycle.Sla;

/// <summary>
/// Working days in England and Wales style: Monday to Friday, excluding bank holidays.
/// Built from a set of bank-holiday dates, normally read from a GOV.UK <c>bank-holidays.json</c>
/// (the embedded default, which can be replaced by calling <see cref="FromGovUkJson"/>).
/// </summary>
/// <remarks>
/// The calendar only knows the bank holidays of the years it was given (<see cref="FirstYear"/>
/// to <see cref="LastYear"/>). Outside those years every Monday to Friday counts as a working
/// day (weekends only are excluded): guessing holidays would be wrong as often as it was right,
/// and overcounting by a few days is the safer failure for a service-level clock. Callers can use
/// <see cref="Covers"/> to detect (and e.g. log) when the calendar has run out.
/// </remarks>
public sealed class WorkingCalendar
{
    public const string DefaultDivision = "england-and-wales";
    private const string EmbeddedResourceName = "Dars.Lifecycle.Sla.bank-holidays.json";

    private static readonly Lazy<WorkingCalendar> englandAndWales = new(LoadEmbedded);

    private readonly HashSet<DateOnly> holidays;

    public WorkingCalendar(IEnumerable<DateOnly> bankHolidays)
    {
        ArgumentNullException.ThrowIfNull(bankHolidays);
        holidays = [.. bankHolidays];
        if (holidays.Count > 0)
        {
            FirstYear = holidays.Min().Year;
            LastYear = holidays.Max().Year;
        }
    }

    /// <summary>The England and Wales calendar shipped with DARS (embedded GOV.UK data).</summary>
    public static WorkingCalendar EnglandAndWales => englandAndWales.Value;

    /// <summary>First calendar year whose bank holidays are known; null for an empty calendar.</summary>
    public int? FirstYear { get; }

    /// <summary>Last calendar year whose bank holidays are known; null for an empty calendar.</summary>
    public int? LastYear { get; }

    public IReadOnlyCollection<DateOnly> BankHolidays => holidays;

    /// <summary>Whether <paramref name="date"/> falls in a year whose bank holidays this calendar knows.</summary>
    public bool Covers(DateOnly date) =>
        FirstYear is { } first && LastYear is { } last && date.Year >= first && date.Year <= last;

    public bool IsBankHoliday(DateOnly date) => holidays.Contains(date);

    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(date);

    /// <summary>The date that is <paramref name="days"/> working days after <paramref name="from"/>; 0 returns <paramref name="from"/>.</summary>
    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var date = from;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
                days--;
        }
        return date;
    }

    /// <summary>The working days strictly after <paramref name="start"/> up to and including <paramref name="throughInclusive"/>.</summary>
    public IEnumerable<DateOnly> WorkingDaysAfter(DateOnly start, DateOnly throughInclusive)
    {
        for (var date = start.AddDays(1); date <= throughInclusive; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
                yield return date;
        }
    }

    /// <summary>Number of working days strictly after <paramref name="start"/> up to and including <paramref name="throughInclusive"/>.</summary>
    public int CountWorkingDaysAfter(DateOnly start, DateOnly throughInclusive) =>
        WorkingDaysAfter(start, throughInclusive).Count();

    /// <summary>
    /// Reads one division of a GOV.UK <c>bank-holidays.json</c>
    /// (<c>{"england-and-wales": {"division": ..., "events": [{"title", "date": "YYYY-MM-DD", ...}]}, ...}</c>).
    /// </summary>
    /// <exception cref="FormatException">The JSON is malformed, lacks the division, or holds a malformed date.</exception>
    public static WorkingCalendar FromGovUkJson(string json, string division = DefaultDivision)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(division);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Bank holidays are not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty(division, out var divisionElement)
                || divisionElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"Bank holidays JSON has no \"{division}\" division object.");
            }

            if (!divisionElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
                throw new FormatException($"Bank holidays JSON division \"{division}\" has no \"events\" array.");

            var dates = new List<DateOnly>();
            var index = 0;
            foreach (var item in events.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("date", out var dateElement)
                    || dateElement.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException($"Bank holidays JSON division \"{division}\" event {index} has no \"date\" string.");
                }

                var text = dateElement.GetString();
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    throw new FormatException(
                        $"Bank holidays JSON division \"{division}\" event {index} has malformed date \"{text}\" (expected YYYY-MM-DD).");
                }

                dates.Add(date);
                index++;
            }

            return new WorkingCalendar(dates);
        }
    }

    private static WorkingCalendar LoadEmbedded()
    {
        using var stream = typeof(WorkingCalendar).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {EmbeddedResourceName} is missing from {typeof(WorkingCalendar).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return FromGovUkJson(reader.ReadToEnd());
    }
}
