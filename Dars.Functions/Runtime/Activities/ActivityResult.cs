namespace Dars.Runtime.Activities;

/// <summary>What the trigger should do with the message it delivered.</summary>
public enum ActivityResult
{
    /// <summary>Done (or done before): delete the message.</summary>
    Completed,
    /// <summary>Failed this time: deliver it again after the backoff.</summary>
    RetryLater,
    /// <summary>Out of attempts; the failure is recorded on the application: move it to the poison queue.</summary>
    Poisoned,
}
