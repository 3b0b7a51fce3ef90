using Azure.Data.Tables;
using Dars.Runtime.Timers;
using Dars.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Dars.Tests.Runtime;

/// <summary>Durable timers bucketed by the day they fall due; a sweep reads only what is due.</summary>
public sealed class TimerTests
{
    private static readonly DateTimeOffset Now = DarsFactory.Start;

    private sealed class Recorder : ITimerTarget
    {
        public List<DueTimer> Fired { get; } = [];

        public Task FireAsync(DueTimer timer, CancellationToken cancellationToken)
        {
            Fired.Add(timer);
            return Task.CompletedTask;
        }
    }

    private sealed class FailsFor(string applicationId) : ITimerTarget
    {
        public List<DueTimer> Fired { get; } = [];

        public Task FireAsync(DueTimer timer, CancellationToken cancellationToken)
        {
            if (timer.ApplicationId == applicationId) throw new InvalidOperationException("This application's command keeps failing.");
            Fired.Add(timer);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_timer_that_fails_to_fire_stays_for_the_next_sweep_and_does_not_hold_up_the_others()
    {
        var (timers, _) = await NewTable();
        var failing = new DueTimer("NIC-000011", "reminder", Now.AddDays(-2));
        var after = new DueTimer("NIC-000012", "reminder", Now.AddDays(-1));
        await timers.ScheduleAsync(failing, default);
        await timers.ScheduleAsync(after, default);
        var target = new FailsFor("NIC-000011");

        var fired = await new TimerSweep(timers, target, new FakeTimeProvider(Now), NullLogger<TimerSweep>.Instance).RunAsync(default);

        Assert.Equal(1, fired);
        Assert.Equal([after], target.Fired);
        Assert.Equal(failing, await timers.GetNextDueAsync(Now.AddYears(1), default));
    }

    [Fact]
    public async Task A_sweep_fires_exactly_the_due_timers_earliest_first_and_removes_them()
    {
        var (timers, _) = await NewTable();
        var later = new DueTimer("NIC-000001", "expiry", Now.AddYears(2));
        var tomorrow = new DueTimer("NIC-000002", "reminder", Now.AddDays(1));
        var earlierToday = new DueTimer("NIC-000003", "reminder", Now.AddHours(-1));
        var lastWeek = new DueTimer("NIC-000004", "reminder", Now.AddDays(-7));
        var laterToday = new DueTimer("NIC-000005", "reminder", Now.AddHours(3));
        foreach (var timer in new[] { later, tomorrow, earlierToday, lastWeek, laterToday })
            await timers.ScheduleAsync(timer, default);
        var recorder = new Recorder();
        var clock = new FakeTimeProvider(Now);

        var fired = await new TimerSweep(timers, recorder, clock, NullLogger<TimerSweep>.Instance).RunAsync(default);

        Assert.Equal(2, fired);
        Assert.Equal([lastWeek, earlierToday], recorder.Fired);
        Assert.Equal(laterToday, await timers.GetNextDueAsync(Now.AddYears(3), default));

        clock.SetUtcNow(Now.AddDays(1).AddMinutes(1));
        await new TimerSweep(timers, recorder, clock, NullLogger<TimerSweep>.Instance).RunAsync(default);
        Assert.Equal([lastWeek, earlierToday, laterToday, tomorrow], recorder.Fired);
    }

    [Fact]
    public async Task Scheduling_the_same_timer_twice_fires_it_once()
    {
        var (timers, _) = await NewTable();
        var timer = new DueTimer("NIC-000001", "reminder", Now.AddMinutes(-5));
        await timers.ScheduleAsync(timer, default);
        await timers.ScheduleAsync(timer, default);
        var recorder = new Recorder();

        await new TimerSweep(timers, recorder, new FakeTimeProvider(Now), NullLogger<TimerSweep>.Instance).RunAsync(default);

        Assert.Equal([timer], recorder.Fired);
    }

    [Fact]
    public async Task Emptied_past_buckets_are_pruned_and_future_buckets_are_never_read()
    {
        var (timers, table) = await NewTable();
        await timers.ScheduleAsync(new DueTimer("NIC-000001", "a", Now.AddDays(-3)), default);
        await timers.ScheduleAsync(new DueTimer("NIC-000002", "b", Now.AddDays(30)), default);
        var recorder = new Recorder();

        await new TimerSweep(timers, recorder, new FakeTimeProvider(Now), NullLogger<TimerSweep>.Instance).RunAsync(default);

        var buckets = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(r => r.PartitionKey == "buckets")) buckets.Add(row.RowKey);
        Assert.Equal([TimerTable.BucketOf(Now.AddDays(30))], buckets);
        Assert.Single(recorder.Fired);
    }

    [Fact]
    public async Task A_timer_whose_command_fails_stays_to_be_fired_again()
    {
        var (timers, _) = await NewTable();
        var timer = new DueTimer("NIC-000001", "reminder", Now.AddMinutes(-1));
        await timers.ScheduleAsync(timer, default);
        var failing = new Mock<ITimerTarget>();
        failing.Setup(t => t.FireAsync(timer, It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("storage"));

        var fired = await new TimerSweep(timers, failing.Object, new FakeTimeProvider(Now), NullLogger<TimerSweep>.Instance).RunAsync(default);

        Assert.Equal(0, fired);
        Assert.Equal(timer, await timers.GetNextDueAsync(Now, default));
    }

    private static async Task<(TimerTable Timers, TableClient Table)> NewTable()
    {
        var clients = await TestStorage.CreateAsync();
        var table = clients.Tables.GetTableClient(clients.Options.TimersTable);
        return (new TimerTable(table), table);
    }
}
