using Dars.Lifecycle;

namespace Dars.Runtime.Activities;

/// <summary>A queued request to carry out one effect of one commit.</summary>
public sealed record ActivityMessage(string ApplicationId, string EffectId, Effect Effect);
