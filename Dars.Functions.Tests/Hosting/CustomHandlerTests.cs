using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime.Activities;
using Dars.Runtime.Timers;
using Dars.Runtime;
using Dars.Runtime.Instances;
using Dars.Runtime.Storage;
using Dars.Tests.Infrastructure;

namespace Dars.Tests.Hosting;

/// <summary>
/// In custom-handler mode the Functions host posts invocations (queue, timer) to <c>/{function}</c> and
/// forwards HTTP as-is; the same handlers as the standalone runners do the work.
/// </summary>
public sealed class CustomHandlerTests : IDisposable
{
    private readonly DarsFactory _host = new DarsFactory().With("FUNCTIONS_CUSTOMHANDLER_PORT", "7099");

    [Fact]
    public async Task A_queue_trigger_invocation_runs_the_activity_and_records_its_result()
    {
        var runtime = _host.Service<ApplicationRuntime>();
        var applied = (Applied)await runtime.SubmitAsync(new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(DarsFactory.Start))), Journey.Alice, default);
        var message = await ActivityMessageOf(applied.State.Id);

        var response = await _host.CreateClient().PostAsJsonAsync("/Activities", new
        {
            Data = new { message },
            Metadata = new { DequeueCount = "1", Id = "b0b0" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(body.ContainsKey("Outputs") && body.ContainsKey("ReturnValue"));
        Assert.Contains("send-notification", (string?)body["Logs"]![0]);
        var history = await _host.Service<ApplicationStore>().GetHistoryAsync(applied.State.Id, default);
        Assert.Equal(["application-submitted", "notification-sent"], history.Select(e => e.Type));
    }

    /// <summary>
    /// The message the Functions host would deliver. The in-process dispatch races this test for it: while the outbox
    /// entry is there it is built from that; once it is gone, the dispatch had sent it to the queue first, and under
    /// the host nothing in the process reads the queue.
    /// </summary>
    private async Task<string> ActivityMessageOf(string applicationId)
    {
        var outbox = await _host.Service<ApplicationStore>().GetOutboxAsync(applicationId, default);
        if (outbox.FirstOrDefault(o => o.Effect is not null) is { } entry)
            return DarsJson.Serialize(new ActivityMessage(entry.ApplicationId, entry.EffectId, entry.Effect!));
        var queued = Assert.Single(await _host.Service<ActivityQueue>().ReceiveAsync(32, TimeSpan.FromMinutes(5), default));
        return queued.Body.ToString();
    }

    [Fact]
    public async Task A_timer_trigger_invocation_fires_the_due_timers()
    {
        var runtime = _host.Service<ApplicationRuntime>();
        var started = await Journey.ToAgreementStartedAsync(runtime, UkTime.DateOf(DarsFactory.Start), termMonths: 6);
        await Eventually.Until(() => _host.Service<TimerTable>().GetNextDueAsync(DarsFactory.Start.AddYears(1), default),
            t => t is not null, what: "the expiry timers dispatched");
        _host.Time.Advance(TimeSpan.FromDays(6 * 31 - 90));

        var response = await _host.CreateClient().PostAsJsonAsync("/DueTimers", new
        {
            Data = new { timer = new { IsPastDue = false } },
            Metadata = new { },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Fired 1 due timers", await response.Content.ReadAsStringAsync());
        var history = await _host.Service<ApplicationStore>().GetHistoryAsync(started.Id, default);
        Assert.Contains(history, e => e.Type == "expiry-reminder");
    }

    [Fact]
    public async Task A_failing_activity_answers_500_so_the_host_retries_it()
    {
        var message = DarsJson.Serialize(new ActivityMessage("NIC-999999", "NIC-999999:1:0",
            new SendNotification("t", "applicant", "r")));

        var response = await _host.CreateClient().PostAsJsonAsync("/Activities", new { Data = new { message }, Metadata = new { DequeueCount = 1 } });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("RetryLater", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_activity_failed_for_good_is_answered_200_and_kept_in_the_poison_queue_so_the_host_does_not_retry_it()
    {
        var message = DarsJson.Serialize(new ActivityMessage("NIC-999998", "NIC-999998:1:0",
            new SendNotification("t", "applicant", "r")));
        var last = new RuntimeOptions().ActivityMaxAttempts;

        var response = await _host.CreateClient().PostAsJsonAsync("/Activities", new { Data = new { message }, Metadata = new { DequeueCount = last } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Poisoned", await response.Content.ReadAsStringAsync());
        var storage = _host.Service<StorageClients>();
        var poisoned = (await storage.Queues.GetQueueClient(storage.Options.ActivityPoisonQueue).PeekMessagesAsync(10)).Value;
        Assert.Contains(poisoned, m => m.Body.ToString().Contains("NIC-999998:1:0"));
    }

    [Fact]
    public async Task Forwarded_HTTP_requests_reach_the_API_as_in_standalone_mode()
    {
        var response = await _host.CreateClient().GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Invocation_endpoints_do_not_exist_in_standalone_mode()
    {
        using var standalone = new DarsFactory();

        var response = await standalone.CreateClient().PostAsJsonAsync("/Activities", new { Data = new { } });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _host.Dispose();
}
