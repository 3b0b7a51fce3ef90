using Dars.Lifecycle;

namespace Dars.Runtime;

/// <summary>What became of a command: the runtime's answer, which the HTTP edge turns into a status code.</summary>
public abstract record CommandOutcome;

/// <summary>The events are durably recorded; <paramref name="State"/> is the application after them.</summary>
public sealed record Applied(Application State, bool Created) : CommandOutcome;

/// <summary>The same command was applied before (idempotency key, or a repeated <c>externalReference</c>).</summary>
public sealed record Replayed(Application State) : CommandOutcome;

/// <summary>The decider said no; nothing was written.</summary>
public sealed record Refused(Rejected Rejection, Application State) : CommandOutcome;

/// <summary><c>If-Match</c> named a version the application has moved on from.</summary>
public sealed record PreconditionFailed(Application State) : CommandOutcome;

/// <summary>No such application, or not one the caller may see.</summary>
public sealed record NotFound : CommandOutcome;

/// <summary>An <c>Idempotency-Key</c> reused for a different request.</summary>
public sealed record IdempotencyKeyReused(string Key) : CommandOutcome;

/// <summary>The <c>externalReference</c> already belongs to another application of the organisation.</summary>
public sealed record ExternalReferenceTaken(string ExistingId) : CommandOutcome;
