namespace TaxIdentity.Core.Delegation;

/// <summary>Which way a delegation request goes: the enterprise invites a person (D1), or a person applies (D9).</summary>
public enum DelegationSource
{
    Invitation,
    Application,
}

/// <summary>Where a request is in its life; only <see cref="Pending"/> ever changes.</summary>
public enum DelegationStatus
{
    Pending,
    Confirmed,
    Approved,
    Rejected,
    Withdrawn,
    Expired,
}

/// <summary>An invitation's status as the API shows it.</summary>
public enum InvitationStatus
{
    Pending,
    Confirmed,
    Rejected,
    Withdrawn,
    Expired,
}

/// <summary>An application's status as the API shows it.</summary>
public enum ApplicationStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
    Expired,
}

/// <summary>What a history record (D7) says happened.</summary>
public enum HistoryKind
{
    Deleted,
    Withdrawn,
    Rejected,
    Expired,
}

/// <summary>What a history record (D7) is about.</summary>
public enum HistorySource
{
    Invitation,
    Application,
    Handler,
}
