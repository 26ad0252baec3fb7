namespace MedPayIQ.Pricing;

/// <summary>
/// The rates the payment rules apply, each read from the rule that applies it, for text that states them (billing
/// tips, help, reports) without restating a number. Every rate is a share of the amount it applies to: 0.5 is 50 %.
/// The shares of non-physician practitioners are <see cref="ProviderPaymentShare.For(ProviderKind, DateOnly)"/>.
/// </summary>
public static class PaymentRates
{
    /// <summary>What a bilateral procedure (modifier 50, or RT and LT) is paid, as a multiple of one side's fee, by BILAT SURG indicator: 1.5 for indicator 1, 2 for indicator 3 (each side in full), 1 otherwise.</summary>
    /// <param name="indicator">The code's BILAT SURG indicator.</param>
    public static decimal BilateralShare(BilateralSurgeryIndicator indicator) => BilateralRule.Factor(indicator);

    /// <summary>The share of the fee the second to fifth procedures of a day are paid (multiple procedure rules, MULT PROC 2): 0.5.</summary>
    public static decimal SecondProcedureShare => MultipleProceduresRule.SecondAndLaterShare;

    /// <summary>The share the third and later procedures are paid under the pre-1995 rules (MULT PROC 1): 0.25.</summary>
    public static decimal ThirdProcedureShareBefore1995 => MultipleProceduresRule.ThirdAndLaterShare1995;

    /// <summary>The last procedure of a day the multiple procedure rules price (5); later ones are priced by report.</summary>
    public static int LastProcedurePricedByRule => MultipleProceduresRule.LastRankByRule;

    /// <summary>
    /// The share of its technical component the second and later diagnostic test of a family is paid, by MULT PROC
    /// indicator: imaging (4) 0.5, cardiovascular (6) 0.75, ophthalmology (7) 0.8; 1 for any other indicator.
    /// </summary>
    /// <param name="indicator">The code's MULT PROC indicator.</param>
    public static decimal DiagnosticTechnicalComponentShare(MultipleProcedureIndicator indicator)
        => Diagnostic(indicator) is { } rule ? 1m - rule.TechnicalRate : 1m;

    /// <summary>The share of its professional component the second and later diagnostic test of a family is paid: imaging (4) 0.95; 1 for any other indicator.</summary>
    /// <param name="indicator">The code's MULT PROC indicator.</param>
    public static decimal DiagnosticProfessionalComponentShare(MultipleProcedureIndicator indicator)
        => Diagnostic(indicator) is { } rule ? 1m - rule.ProfessionalRate : 1m;

    /// <summary>The share of their practice expense the second and later therapy units and services of a day are paid (MULT PROC 5): 0.5.</summary>
    public static decimal TherapyPracticeExpenseShare => TherapyRule.ReducedPracticeExpenseShare;

    /// <summary>The share of the fee an assistant at surgery (modifiers 80, 81, 82) is paid: 0.16.</summary>
    public static decimal AssistantAtSurgeryShare => AssistantAtSurgeryRule.PhysicianShare;

    /// <summary>The share of the fee a non-physician assistant at surgery (modifier AS) is paid: 0.136, 85 % of 16 %.</summary>
    public static decimal NonPhysicianAssistantAtSurgeryShare => AssistantAtSurgeryRule.NonPhysicianShare;

    /// <summary>The share of the fee each of two co-surgeons (modifier 62) is paid: 0.625, half of 125 %.</summary>
    public static decimal CoSurgeonShare => CoSurgeryRule.Share;

    /// <summary>The share of the fee a medically directed anesthesia service (QK, QY, QX) is paid: 0.5.</summary>
    public static decimal MedicalDirectionShare => AnesthesiaModifierRule.MedicalDirectionShare;

    /// <summary>The share of the fee a non-participating provider is paid: 0.95.</summary>
    public static decimal NonParticipatingShare => NonParticipatingRule.Share;

    /// <summary>The limiting charge as a multiple of the non-participating amount: 1.15.</summary>
    public static decimal LimitingChargeShare => NonParticipatingRule.LimitingShare;

    /// <summary>The HPSA bonus, a share of the professional payment: 0.1.</summary>
    public static decimal HpsaBonusRate => HpsaBonusRule.Rate;

    /// <summary>The beneficiary's coinsurance, a share of the allowed amount after the deductible: 0.2.</summary>
    public static decimal CoinsuranceRate => CoinsuranceRule.Rate;

    /// <summary>
    /// The beneficiary's coinsurance on a line a schedule pays, a share of the allowed amount after the deductible:
    /// physician fee schedule and DMEPOS 0.2, clinical laboratory tests 0. Part B drugs: the ASP file's coinsurance
    /// percentage of each code (<see cref="DrugPaymentLimit.CoinsurancePercent"/>); 0.2 here, for a code the file does not give one.
    /// </summary>
    /// <param name="schedule">The schedule that pays the line.</param>
    public static decimal ScheduleCoinsuranceRate(PaymentSchedule schedule)
        => schedule == PaymentSchedule.PhysicianFeeSchedule ? CoinsuranceRate : PartBScheduleRule.ScheduleCoinsuranceThousandths(schedule) / 100_000m;

    /// <summary>Whether the beneficiary's Part B deductible applies to a line a schedule pays: not to clinical laboratory tests.</summary>
    /// <param name="schedule">The schedule that pays the line.</param>
    public static bool DeductibleApplies(PaymentSchedule schedule) => DeductibleRule.Applies(schedule);

    /// <summary>The sequestration of the Medicare payment on a date of service: 0.02 from 2022-07-01, 0.01 from 2022-04-01, 0 from 2020-05-01 to 2022-03-31, 0.02 before.</summary>
    /// <param name="dateOfService">The date of service.</param>
    public static decimal SequestrationRate(DateOnly dateOfService) => SequestrationRule.BasisPoints(dateOfService) / 10_000m;

    private static TechnicalComponentReduction? Diagnostic(MultipleProcedureIndicator indicator) => indicator switch
    {
        MultipleProcedureIndicator.DiagnosticImaging => DiagnosticImagingRule.Instance,
        MultipleProcedureIndicator.DiagnosticCardiovascular => DiagnosticCardiovascularRule.Instance,
        MultipleProcedureIndicator.DiagnosticOphthalmology => DiagnosticOphthalmologyRule.Instance,
        _ => null,
    };
}
