using Azure;
using Dars.Lifecycle;

namespace Dars.Runtime.Instances;

/// <summary>An application's snapshot as read, with the ETag a commit must match.</summary>
public sealed record StoredApplication(Application State, ETag ETag);
