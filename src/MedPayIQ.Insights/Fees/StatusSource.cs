namespace MedPayIQ.Insights;

/// <summary>The status code: not payable, bundled, carrier priced, restricted, T status (with the amount at risk).</summary>
internal sealed class StatusSource : RowInsightSource
{
    public override InsightKind Kind => InsightKind.Status;

    protected override void Add(InsightContext c, ReadOnlySpan<RvuEntry> rows)
    {
        var global = rows[0];
        string? text = global.Status switch
        {
            StatusCode.Active => null,
            StatusCode.Injection => "Status T: paid only when no other fee schedule service is billed by the same provider on the same day; billed with one, it is bundled and not paid.",
            StatusCode.RestrictedCoverage => "Status R: restricted coverage; paid only when the contractor finds the coverage conditions met, and then priced by the contractor.",
            StatusCode.Bundled => "Status B: always bundled into other services; never paid separately, even billed alone ($0); the file's RVUs are not used for payment.",
            StatusCode.BundledOrExcluded => "Status P: bundled or excluded; no separate payment under the fee schedule.",
            StatusCode.CarrierPriced => "Status C: carrier priced; there is no national amount, the Medicare contractor sets the payment case by case.",
            StatusCode.NotValidForMedicare => "Status I: not valid for Medicare; Medicare pays another code for the service.",
            StatusCode.NonCovered => "Status N: not covered by Medicare; the beneficiary may be billed (with an advance notice where required).",
            StatusCode.StatutoryExclusion => "Status X: excluded by statute from the fee schedule (not a physician service, or paid under another fee schedule).",
            StatusCode.Excluded => "Status E: excluded from the fee schedule by regulation.",
            StatusCode.Measurement => "Status M: a measurement code, reported for quality programs; $0.",
            StatusCode.Anesthesia => "Status J: anesthesia service; no RVUs, paid by base and time units times the anesthesia conversion factor.",
            StatusCode.Deleted or StatusCode.DeletedNoGracePeriod or StatusCode.DeletedModifier => $"Status {(char)global.Status}: deleted; not payable for this date.",
            StatusCode.NotValidWithGracePeriod => "Status G: not valid for Medicare; another code is used.",
            _ => null,
        };
        if (text is null)
        {
            return;
        }

        InsightAmount? atRisk = null;
        if (global.Status == StatusCode.Injection && c.PriceLine(c.Primary, default, 1) is { } amount)
        {
            atRisk = amount with { Label = "amount at risk" };
            text = text[..^1] + $": {InsightText.Usd(atRisk.Amount)} at risk.";
        }

        c.Add(Kind, text, atRisk?.Amount, atRisk is null ? [] : [atRisk], [InsightContext.RowEvidence(c.Release!, global, $"STATUS CODE {(char)global.Status}")], []);
    }
}
