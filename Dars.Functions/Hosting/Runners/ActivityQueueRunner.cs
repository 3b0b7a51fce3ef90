using Dars.Runtime;
using Dars.Runtime.Activities;

namespace Dars.Hosting.Runners;

/// <summary>
/// The standalone stand-in for the queue trigger: receives activity messages, hands each to the
/// <see cref="ActivityWorker"/>, and deletes, delays (backoff) or poisons it as the worker says.
/// </summary>
public sealed class ActivityQueueRunner(ActivityQueue queue, ActivityWorker worker, RuntimeOptions options, ILogger<ActivityQueueRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var messages = await queue.ReceiveAsync(16, options.ActivityLease + TimeSpan.FromMinutes(1), stoppingToken);
                if (messages.Length == 0) await Task.Delay(options.QueuePollInterval, stoppingToken);
                await Task.WhenAll(messages.Select(m => HandleAsync(m, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogError(e, "Activity queue polling failed; trying again");
                await Task.Delay(options.QueuePollInterval, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(Azure.Storage.Queues.Models.QueueMessage message, CancellationToken cancellationToken)
    {
        ActivityMessage activity;
        try { activity = ActivityQueue.Parse(message.Body); }
        catch (Exception e)
        {
            logger.LogError(e, "Activity message {MessageId} is unreadable; moved to the poison queue", message.MessageId);
            await queue.MoveToPoisonAsync(message, cancellationToken);
            return;
        }

        var result = await worker.HandleAsync(activity, message.DequeueCount, cancellationToken);
        switch (result)
        {
            case ActivityResult.Completed: await queue.CompleteAsync(message, cancellationToken); break;
            case ActivityResult.Poisoned: await queue.MoveToPoisonAsync(message, cancellationToken); break;
            default: await queue.RetryLaterAsync(message, worker.BackoffFor(message.DequeueCount), cancellationToken); break;
        }
    }
}
