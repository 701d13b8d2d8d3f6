namespace TaxIdentity.Core.Persons;

/// <summary>How a person proved at registration that they are the one their ID names (A1, 实名认证).</summary>
public enum RealNameProof
{
    /// <summary>A face check by the face-verification provider that named them (B2).</summary>
    Face,

    /// <summary>A one-time registration code the tax office issued for their ID (J2).</summary>
    RegistrationCode,
}
