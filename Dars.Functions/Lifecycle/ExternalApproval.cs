namespace Dars.Lifecycle;

public enum ApprovalStatus { Pending, Granted, Refused }

/// <summary>One outside body's approval (ONS, CAG, ethics, advisory group) and where it stands.</summary>
public sealed record ExternalApproval(string ApprovalType, ApprovalStatus Status, string? Reference = null, DateOnly? ExpiresOn = null);
