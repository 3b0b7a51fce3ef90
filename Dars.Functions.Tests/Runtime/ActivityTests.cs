using Dars.Activities.Notifications;
using Dars.Lifecycle;
using Dars.Lifecycle.Events;
using Dars.Runtime;
using Dars.Runtime.Activities;
using Dars.Runtime.Instances;
using Dars.Runtime.Storage;
using Dars.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Dars.Tests.Runtime;

/// <summary>Activities: at-least-once delivery, one effect; retries, the poison queue, and retry-activity.</summary>
public sealed class ActivityTests
{
    private static readonly Caller Alice = new("alice", Role.Applicant, "X26");
    private static readonly Caller Olivia = new("olivia", Role.CaseOfficer);

    private sealed class Factory(Mock<INotificationSender> sender, bool runners) : DarsFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            With("Dars:Runtime:RunBackgroundRunners", runners ? "true" : "false");
            base.ConfigureWebHost(builder);
        }

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(sender.Object);
    }

    [Fact]
    public async Task A_message_delivered_twice_runs_its_effect_once()
    {
        var sender = new Mock<INotificationSender>();
        using var app = new Factory(sender, runners: false);
        _ = app.Server;
        var (id, message) = await SubmitAndTakeMessage(app);
        var worker = app.Service<ActivityWorker>();

        var results = await Task.WhenAll(worker.HandleAsync(message, 1, default), worker.HandleAsync(message, 1, default));
        var again = await worker.HandleAsync(message, 2, default);

        sender.Verify(s => s.SendAsync(It.IsAny<NotificationMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Contains(ActivityResult.Completed, results);
        Assert.Equal(ActivityResult.Completed, again);
        var history = await app.Service<ApplicationStore>().GetHistoryAsync(id, default);
        Assert.Single(history, e => e.Data is NotificationSent);
    }

    [Fact]
    public async Task A_failing_activity_is_retried_then_poisoned_and_shown_as_failure_and_retry_activity_runs_it_again()
    {
        var sender = new Mock<INotificationSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<NotificationMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("Notify answered 503 for a.researcher@example.ac.uk"));
        using var app = new Factory(sender, runners: true);
        var runtime = app.Service<ApplicationRuntime>();
        var id = Assert.IsType<Applied>(await runtime.SubmitAsync(
            new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(DarsFactory.Start))), Alice, default)).State.Id;

        var failed = await Eventually.Until(() => runtime.GetAsync(id, Olivia, default), a => a?.Failure is not null, what: "the failure on the status");

        Assert.Equal("send-notification", failed!.Failure!.Activity);
        Assert.Equal(3, failed.Failure.Attempts);
        Assert.DoesNotContain("a.researcher@example.ac.uk", failed.Failure.Error);
        sender.Verify(s => s.SendAsync(It.IsAny<NotificationMessage>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        var storage = app.Service<StorageClients>();
        var poison = storage.Queues.GetQueueClient(storage.Options.ActivityPoisonQueue);
        await Eventually.Until(async () => (await poison.PeekMessagesAsync(10)).Value.Length, n => n == 1, what: "the poisoned message");
        Assert.Contains("retry-activity", Decider.Awaiting(failed, Olivia));

        sender.Reset();
        var retried = Assert.IsType<Applied>(await runtime.RaiseAsync(id, new Command(new ActivityRetried("Notify is back"), Olivia), RaiseOptions.None, default));
        Assert.Null(retried.State.Failure);

        var history = await Eventually.Until(() => app.Service<ApplicationStore>().GetHistoryAsync(id, default),
            h => h.Any(e => e.Data is NotificationSent), what: "the notification after the retry");
        Assert.Equal(["application-submitted", "activity-failed", "retry-activity", "notification-sent"], history.Select(e => e.Type));
        sender.Verify(s => s.SendAsync(It.Is<NotificationMessage>(m => m.Template == "application-received"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task An_effect_failed_for_good_is_not_run_again_by_a_later_delivery_of_its_message()
    {
        var sender = new Mock<INotificationSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<NotificationMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new HttpRequestException("503"));
        using var app = new Factory(sender, runners: false);
        _ = app.Server;
        var (id, message) = await SubmitAndTakeMessage(app);
        var worker = app.Service<ActivityWorker>();
        var last = new RuntimeOptions().ActivityMaxAttempts;

        var poisoned = await worker.HandleAsync(message, last, default);
        // The message is delivered once more (a crash before it was deleted, or the host's own retry).
        var again = await worker.HandleAsync(message, last + 1, default);

        Assert.Equal(ActivityResult.Poisoned, poisoned);
        Assert.Equal(ActivityResult.Completed, again);
        sender.Verify(s => s.SendAsync(It.IsAny<NotificationMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.NotNull((await app.Service<ApplicationRuntime>().GetAsync(id, Olivia, default))!.Failure);
    }

    private static async Task<(string Id, ActivityMessage Message)> SubmitAndTakeMessage(DarsFactory app)
    {
        var runtime = app.Service<ApplicationRuntime>();
        var applied = Assert.IsType<Applied>(await runtime.SubmitAsync(
            new ApplicationSubmitted(Forms.Valid(UkTime.DateOf(DarsFactory.Start))), Alice, default));
        var outbox = await app.Service<ApplicationStore>().GetOutboxAsync(applied.State.Id, default);
        var effect = Assert.Single(outbox, o => o.Effect is not null);
        return (applied.State.Id, new ActivityMessage(applied.State.Id, effect.EffectId, effect.Effect!));
    }
}
