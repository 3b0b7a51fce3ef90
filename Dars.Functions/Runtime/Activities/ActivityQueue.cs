using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Dars.Runtime.Storage;

namespace Dars.Runtime.Activities;

/// <summary>The activity queue and its poison queue.</summary>
public class ActivityQueue(QueueClient queue, QueueClient poison)
{
    public QueueClient Queue => queue;

    public virtual async Task SendAsync(ActivityMessage message, CancellationToken cancellationToken) =>
        await queue.SendMessageAsync(DarsJson.Serialize(message), cancellationToken);

    public virtual async Task<QueueMessage[]> ReceiveAsync(int max, TimeSpan visibility, CancellationToken cancellationToken) =>
        (await queue.ReceiveMessagesAsync(max, visibility, cancellationToken)).Value;

    public virtual async Task CompleteAsync(QueueMessage message, CancellationToken cancellationToken) =>
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);

    /// <summary>Makes the message visible again after <paramref name="delay"/>: the retry backoff.</summary>
    public virtual async Task RetryLaterAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken);

    public virtual async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await PoisonAsync(message.Body.ToString(), cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    /// <summary>Keeps a copy of a message whose activity failed for good, for a person to look at.</summary>
    public virtual async Task PoisonAsync(string body, CancellationToken cancellationToken) =>
        await poison.SendMessageAsync(body, cancellationToken);

    public static ActivityMessage Parse(BinaryData body) => DarsJson.Deserialize<ActivityMessage>(body.ToString());
}
