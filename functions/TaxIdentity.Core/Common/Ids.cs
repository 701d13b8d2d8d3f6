namespace TaxIdentity.Core.Common;

/// <summary>New identifiers: time-ordered GUIDs (version 7) as 32 lowercase hex characters.</summary>
public static class Ids
{
    public static string New(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
}
