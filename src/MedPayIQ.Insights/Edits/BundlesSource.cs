namespace MedPayIQ.Insights;

/// <summary>The PTP edits in which the code is column 1: the column 2 code is denied when billed with it.</summary>
internal sealed class BundlesSource : PtpSource
{
    public override InsightKind Kind => InsightKind.Bundles;

    protected override bool Column2 => false;
}
