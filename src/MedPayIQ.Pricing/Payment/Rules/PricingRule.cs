namespace MedPayIQ.Pricing;

/// <summary>
/// The payment rules of the fee schedule, one per step of a price. The claim rules run in the order of this list
/// (<see cref="PaymentRules.Ordered"/>); each has its name, its CMS source and its remittance code
/// (<see cref="PaymentRules.Describe(PricingRule)"/>).
/// </summary>
public enum PricingRule
{
    /// <summary>The release in force on the date of service.</summary>
    Release = 1,
    /// <summary>The locality of a ZIP code (ZIP5 file).</summary>
    Locality,
    /// <summary>A line that cannot be priced as given: units below 1, negative charge or minutes, no code.</summary>
    LineValidity,
    /// <summary>Modifiers that cannot be billed together on one line.</summary>
    ModifierCombination,
    /// <summary>The RVU row of the line's 26, TC or 53 modifier (PC/TC indicator).</summary>
    ComponentRow,
    /// <summary>The row's status code: payable, carrier priced, bundled or not payable.</summary>
    Status,
    /// <summary>The fee schedule amount: RVUs x GPCIs x conversion factor, with the NA setting.</summary>
    FeeScheduleAmount,
    /// <summary>The OPPS cap on imaging services (DRA 2005).</summary>
    OppsCap,
    /// <summary>Anesthesia: base and time units x the anesthesia conversion factor.</summary>
    Anesthesia,
    /// <summary>The anesthesia payment modifier's share (AA, QZ, QK, QY, QX, AD).</summary>
    AnesthesiaModifier,
    /// <summary>Split global surgery (54, 55, 56) and the return to the operating room (78).</summary>
    GlobalSurgeryShare,
    /// <summary>Bilateral surgery (50, RT and LT, two units).</summary>
    Bilateral,
    /// <summary>Units of service.</summary>
    Units,
    /// <summary>Status T: paid only when no other fee schedule service is billed the same day.</summary>
    InjectionStatus,
    /// <summary>Endoscopy families (MULT PROC 3): members less the base endoscopy.</summary>
    EndoscopyFamily,
    /// <summary>Multiple surgical procedures (MULT PROC 2 and 3): 100 / 50 / 50 / 50 / 50 %.</summary>
    MultipleProcedures,
    /// <summary>Multiple diagnostic imaging (MULT PROC 4): TC 50 %, PC 5 % off the second and later.</summary>
    DiagnosticImaging,
    /// <summary>Multiple diagnostic cardiovascular services (MULT PROC 6): TC 25 % off.</summary>
    DiagnosticCardiovascular,
    /// <summary>Multiple diagnostic ophthalmology services (MULT PROC 7): TC 20 % off.</summary>
    DiagnosticOphthalmology,
    /// <summary>Multiple therapy services (MULT PROC 5): 50 % of the practice expense off.</summary>
    Therapy,
    /// <summary>Assistant at surgery (80, 81, 82, AS).</summary>
    AssistantAtSurgery,
    /// <summary>Co-surgeons (62).</summary>
    CoSurgery,
    /// <summary>Team surgery (66).</summary>
    TeamSurgery,
    /// <summary>Increased (22) and reduced (52) services.</summary>
    IncreasedOrReducedService,
    /// <summary>The provider's share of the fee schedule amount (NP, PA, CNS, CSW...).</summary>
    ProviderShare,
    /// <summary>Non-participating providers: 95 % and the limiting charge.</summary>
    NonParticipating,
    /// <summary>Rounding once, to the cent, half away from zero.</summary>
    Rounding,
    /// <summary>The lesser of the billed charge and the fee schedule amount (CO-45 for the excess).</summary>
    LesserOfCharge,
    /// <summary>The Part B deductible (PR-1).</summary>
    Deductible,
    /// <summary>Coinsurance, 20 % after the deductible (PR-2).</summary>
    Coinsurance,
    /// <summary>Payment sequestration (CO-253).</summary>
    Sequestration,
    /// <summary>The HPSA physician bonus, paid apart from the claim.</summary>
    HpsaBonus,
    /// <summary>A line the physician fee schedule does not pay, priced from its own Part B schedule: CLFS, DMEPOS or ASP.</summary>
    PartBSchedule,
}

/// <summary>Who bears an adjustment on a remittance advice (X12 835 CAS01, claim adjustment group code).</summary>
public enum AdjustmentGroup
{
    /// <summary>CO, contractual obligation: the provider may not bill the beneficiary for it.</summary>
    ContractualObligation = 1,
    /// <summary>PR, patient responsibility: deductible and coinsurance.</summary>
    PatientResponsibility,
    /// <summary>OA, other adjustment.</summary>
    OtherAdjustment,
}

/// <summary>
/// The remittance meaning of an adjustment: group code, claim adjustment reason code (CARC) and, where one applies, a
/// remittance advice remark code (RARC), from the X12 code lists that CMS's remittances use.
/// </summary>
public readonly record struct RemittanceCode
{
    internal RemittanceCode(AdjustmentGroup group, string reason, string? remark = null)
    {
        Group = group;
        Reason = reason;
        Remark = remark;
    }

    /// <summary>The group: CO, PR or OA.</summary>
    public AdjustmentGroup Group { get; }

    /// <summary>The claim adjustment reason code, such as "45" (X12 external code list 139).</summary>
    public string Reason { get; }

    /// <summary>The remark code, such as "M15" (X12 external code list 411), or <c>null</c>.</summary>
    public string? Remark { get; }

    /// <summary>The group's two letters: CO, PR or OA.</summary>
    public string GroupCode => Group switch
    {
        AdjustmentGroup.ContractualObligation => "CO",
        AdjustmentGroup.PatientResponsibility => "PR",
        AdjustmentGroup.OtherAdjustment => "OA",
        _ => string.Empty,
    };

    /// <summary>As a remittance writes it: <c>CO-45</c>, or <c>CO-97 M15</c> with a remark.</summary>
    public override string ToString() => Reason is null ? string.Empty : Remark is null ? $"{GroupCode}-{Reason}" : $"{GroupCode}-{Reason} {Remark}";
}

/// <summary>One adjustment of a line's remittance: the rule that made it, its code, and its amount in dollars.</summary>
/// <remarks>For every line: billed charge - the sum of its adjustments = the Medicare payment, to the cent.</remarks>
public readonly record struct RemittanceAdjustment
{
    internal RemittanceAdjustment(PricingRule rule, RemittanceCode code, decimal amount)
    {
        Rule = rule;
        Code = code;
        Amount = amount;
    }

    /// <summary>The rule that made the adjustment.</summary>
    public PricingRule Rule { get; }

    /// <summary>Group, reason and remark code.</summary>
    public RemittanceCode Code { get; }

    /// <summary>The amount, dollars (negative only where the allowed amount of a bilateral pair exceeds its line's own charge).</summary>
    public decimal Amount { get; }
}
