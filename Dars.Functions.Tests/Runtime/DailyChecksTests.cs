using Dars.Runtime;
using Dars.Runtime.Sla;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Dars.Tests.Runtime;

/// <summary>The daily checks: all of them once a day, one failing alone, and the development clock's days without housekeeping.</summary>
public sealed class DailyChecksTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 23, 7, 30, 0, TimeSpan.Zero);

    private static Mock<IDailyCheck> Check(string name, bool housekeeping, int result = 1)
    {
        var check = new Mock<IDailyCheck>();
        check.SetupGet(c => c.Name).Returns(name);
        check.SetupGet(c => c.Housekeeping).Returns(housekeeping);
        check.Setup(c => c.RunAsync(It.IsAny<CancellationToken>())).ReturnsAsync(result);
        return check;
    }

    [Fact]
    public async Task Every_check_runs_once_a_day_and_the_results_are_reported_by_name()
    {
        var (sla, tidy) = (Check("SLA check", false, 2), Check("tidying", true, 0));
        var daily = new DailyChecks([sla.Object, tidy.Object], new RuntimeOptions(), NullLogger<DailyChecks>.Instance);

        Assert.Equal("SLA check: 2; tidying: 0", await daily.RunAllAsync(default));
        Assert.True(await daily.RunIfDueAsync(Morning, housekeeping: true, default));
        Assert.False(await daily.RunIfDueAsync(Morning.AddHours(3), housekeeping: true, default));

        sla.Verify(c => c.RunAsync(It.IsAny<CancellationToken>()), Times.Exactly(2));
        tidy.Verify(c => c.RunAsync(It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task The_development_clocks_days_leave_out_the_housekeeping()
    {
        var (sla, tidy) = (Check("SLA check", false), Check("tidying", true));
        var daily = new DailyChecks([sla.Object, tidy.Object], new RuntimeOptions(), NullLogger<DailyChecks>.Instance);

        Assert.True(await daily.RunIfDueAsync(Morning, housekeeping: false, default));

        sla.Verify(c => c.RunAsync(It.IsAny<CancellationToken>()), Times.Once);
        tidy.Verify(c => c.RunAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_check_that_fails_does_not_stop_the_others_and_leaves_the_day_to_be_tried_again()
    {
        var (failing, tidy) = (Check("SLA check", false), Check("tidying", true));
        failing.Setup(c => c.RunAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("storage away"));
        var daily = new DailyChecks([failing.Object, tidy.Object], new RuntimeOptions(), NullLogger<DailyChecks>.Instance);

        await Assert.ThrowsAsync<AggregateException>(() => daily.RunIfDueAsync(Morning, housekeeping: true, default));

        tidy.Verify(c => c.RunAsync(It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(Morning.Date + new RuntimeOptions().DailyCheckTime, daily.NextDue(Morning).UtcDateTime); // still today's
    }
}
