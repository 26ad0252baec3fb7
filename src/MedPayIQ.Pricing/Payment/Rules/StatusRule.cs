namespace MedPayIQ.Pricing;

/// <summary>
/// The row's status code: A and T are priced (T with a warning, bundled beside another service by
/// <see cref="InjectionStatusRule"/>); C and R are priced by the contractor; B and P are bundled; J is anesthesia;
/// E, I, M, N, X and the historical D, F, G, H are not payable under the fee schedule.
/// </summary>
internal sealed class StatusRule : LineRule
{
    public static readonly StatusRule Instance = new();

    public override PricingRule Rule => PricingRule.Status;

    public override string Name => "status";

    public override string Source => "RVU readme, Attachment A (status codes)";

    public override RemittanceCode Remittance => RemittanceCodes.NonCovered;

    public override System.Collections.Immutable.ImmutableArray<RemittanceCode> Writes => [RemittanceCodes.Bundled, RemittanceCodes.NonCovered, RemittanceCodes.InvalidOnDate, RemittanceCodes.ReportingOnly, RemittanceCodes.PendingReview];

    public override RuleNeeds Needs => new(AnySeen: Seen.Statuses);

    /// <summary>Whether a row's status asks the rule to act: anything but A and T (the row's line notes it for the rule).</summary>
    internal static bool Acts(StatusCode status) => status is not (StatusCode.Active or StatusCode.Injection);

    protected override void Apply(ref LineView line)
    {
        if (!line.HasRow)
        {
            return;
        }

        var (outcome, code) = Of(line.Status);
        if (line.Status == StatusCode.Anesthesia)
        {
            line.MarkAnesthesia();
        }
        else if (outcome != PriceOutcome.Priced)
        {
            line.Decide(this, outcome, code);
        }
    }

    /// <summary>What a status means for payment, and the remittance code of a line that is not paid for it.</summary>
    internal static (PriceOutcome Outcome, RemittanceCode Code) Of(StatusCode status) => IsPaid(status) ? (PriceOutcome.Priced, default) : status switch
    {
        StatusCode.CarrierPriced or StatusCode.RestrictedCoverage => (PriceOutcome.CarrierPriced, RemittanceCodes.PendingReview),
        StatusCode.Bundled or StatusCode.BundledOrExcluded => (PriceOutcome.Bundled, RemittanceCodes.Bundled),
        StatusCode.Measurement => (PriceOutcome.NotPayable, RemittanceCodes.ReportingOnly),
        StatusCode.NonCovered or StatusCode.Excluded or StatusCode.StatutoryExclusion => (PriceOutcome.NotPayable, RemittanceCodes.NonCovered),
        _ => (PriceOutcome.NotPayable, RemittanceCodes.InvalidOnDate),
    };

    /// <summary>Whether the physician fee schedule pays a row of this status from its RVUs: A, or T (paid unless another service is billed that day).</summary>
    internal static bool IsPaid(StatusCode status) => status is StatusCode.Active or StatusCode.Injection;

    /// <summary>The sentence of a row that is not priced for its status.</summary>
    internal static string Sentence(string described, in RvuEntry row) => row.Status switch
    {
        StatusCode.CarrierPriced or StatusCode.RestrictedCoverage => $"{described} has status {(char)row.Status}: the contractor prices it case by case{(row.Status == StatusCode.RestrictedCoverage ? ", if covered" : "")}.",
        StatusCode.Bundled or StatusCode.BundledOrExcluded => $"{described} has status {(char)row.Status}: payment is bundled into other services; no separate payment.",
        _ => $"{described} has status {(char)row.Status} ({row.Status}): not payable under the physician fee schedule.",
    };

    public override string Detail(in Adjustment adjustment, in LinePrice price) => price.Reason;
}
