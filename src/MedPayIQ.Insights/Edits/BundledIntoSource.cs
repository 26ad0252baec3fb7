namespace MedPayIQ.Insights;

/// <summary>The PTP edits in which the code is column 2: it is denied when billed with the column 1 code.</summary>
internal sealed class BundledIntoSource : PtpSource
{
    public override InsightKind Kind => InsightKind.BundledInto;

    protected override bool Column2 => true;
}
