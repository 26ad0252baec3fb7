namespace MedPayIQ.Pricing;

/// <summary>Whether the provider participates in Medicare (accepts assignment on every claim).</summary>
public enum Participation
{
    /// <summary>Participating: paid the full fee schedule amount (the default).</summary>
    Participating = 0,

    /// <summary>Non-participating: paid 95 % of the fee schedule amount and bound by the limiting charge.</summary>
    NonParticipating = 1,
}

/// <summary>
/// A clinician's status in an Advanced Alternative Payment Model (APM): from 2026 a qualifying APM participant (QP) is
/// paid with the higher of the two conversion factors (42 CFR 414.1450 for QP determinations).
/// </summary>
public enum ApmStatus
{
    /// <summary>Not a qualifying APM participant: the non-QP conversion factor (the default).</summary>
    NotQualifying = 0,

    /// <summary>A qualifying APM participant: the QP conversion factor.</summary>
    QualifyingParticipant = 1,
}
