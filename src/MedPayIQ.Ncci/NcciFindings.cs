using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>Which claim the edits are for: the table set differs.</summary>
public enum NcciClaimKind
{
    /// <summary>A practitioner (professional) claim: practitioner PTP and MUE tables.</summary>
    Practitioner,
    /// <summary>An outpatient hospital claim: hospital PTP and MUE tables.</summary>
    OutpatientHospital,
    /// <summary>A DME supplier claim: the DME MUE table (there are no DME PTP edits).</summary>
    DmeSupplier,
}

/// <summary>What an edit found.</summary>
public enum NcciFindingKind
{
    /// <summary>A PTP edit applies and is not bypassed: the column 2 line is denied.</summary>
    PtpColumn2Denied,
    /// <summary>A PTP edit with modifier indicator 1 applies and an NCCI-associated modifier on the column 2 line bypasses it (information).</summary>
    PtpBypassed,
    /// <summary>An MUE line edit (MAI 1): the line's units exceed the MUE; the line is denied.</summary>
    MueLineExceeded,
    /// <summary>An MUE date of service edit (MAI 2 or 3): the code's units on the date exceed the MUE; all its units are denied, every line of the code on the date (<see cref="NcciFinding.DeniedLines"/>).</summary>
    MueDateExceeded,
    /// <summary>A type 1 add-on code with none of its primary codes on the date of service: denied.</summary>
    AddOnWithoutPrimary,
    /// <summary>A type 2 add-on code: the contractor defines its primaries (information).</summary>
    AddOnContractorPrimaries,
    /// <summary>A type 3 add-on code with none of its listed primaries: the contractor may accept another (warning).</summary>
    AddOnPrimaryNotListed,
}

/// <summary>One edit that fired on a claim, and why.</summary>
/// <param name="Kind">What was found (machine-readable).</param>
/// <param name="Lines">The lines involved, 1-based, in claim order (for PTP: the column 1 line, then the column 2 line).</param>
/// <param name="DeniedLine">The line denied, or <c>null</c> when the finding denies nothing.</param>
/// <param name="Edit">The edit row, as CMS has it.</param>
/// <param name="Source">The table and version the edit came from (file names, SHA-256).</param>
/// <param name="DenialCode">The usual claim adjustment reason (and remark) code, such as <c>CO-97</c> or <c>CO-151 N362</c>; <c>null</c> for information.</param>
/// <param name="Reason">A sentence for the biller.</param>
/// <param name="Fix">What the biller can do.</param>
/// <param name="UnitsOver">For MUE findings: how many units are over the MUE.</param>
public sealed record NcciFinding(NcciFindingKind Kind, ImmutableArray<int> Lines, int? DeniedLine, string Edit, NcciTableSource Source, string? DenialCode, string Reason, string Fix, int UnitsOver = 0)
{
    private readonly ImmutableArray<int> _deniedLines;
    private readonly FindingText? _text; // the checker's findings write their sentences when first read
    private string? _edit = Edit, _reason = Reason, _fix = Fix;

    internal NcciFinding(NcciFindingKind kind, ImmutableArray<int> lines, int? deniedLine, NcciTableSource source, string? denialCode, FindingText text)
        : this(kind, lines, deniedLine, null!, source, denialCode, null!, null!)
        => _text = text;

    /// <summary>The edit row, as CMS has it.</summary>
    public string Edit { get => _edit ??= _text!.Edit(); init => _edit = value; }

    /// <summary>A sentence for the biller.</summary>
    public string Reason { get => _reason ??= _text!.Reason(); init => _reason = value; }

    /// <summary>What the biller can do.</summary>
    public string Fix { get => _fix ??= _text!.Fix(); init => _fix = value; }

    /// <summary>Whether two findings say the same: kind, lines, denials, edit, table, denial code, sentences and units.</summary>
    public bool Equals(NcciFinding? other)
        => other is not null && Kind == other.Kind && Lines.AsSpan().SequenceEqual(other.Lines.AsSpan()) && DeniedLine == other.DeniedLine
           && DeniedLines.AsSpan().SequenceEqual(other.DeniedLines.AsSpan()) && Edit == other.Edit && Source == other.Source && DenialCode == other.DenialCode
           && Reason == other.Reason && Fix == other.Fix && UnitsOver == other.UnitsOver;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, DeniedLine, Edit, Reason, UnitsOver);

    /// <summary>
    /// Every line denied, 1-based, in claim order: an MUE date of service edit (MAI 2 or 3) denies every line of the
    /// code on the date; other findings deny <see cref="DeniedLine"/> alone (or nothing).
    /// </summary>
    public ImmutableArray<int> DeniedLines
    {
        get => !_deniedLines.IsDefault ? _deniedLines : DeniedLine is { } d ? [d] : [];
        init => _deniedLines = value;
    }
}

/// <summary>The sentences of a finding, written when first read (a check that is only counted writes none).</summary>
internal abstract class FindingText
{
    public abstract string Edit();

    public abstract string Reason();

    public abstract string Fix();
}

/// <summary>The edits that fired on a claim, and the table versions used.</summary>
/// <param name="Findings">Every finding, ordered by kind, then lines.</param>
/// <param name="Notes">Which table version served each date of service, or that none is loaded.</param>
public sealed record NcciCheck(ImmutableArray<NcciFinding> Findings, ImmutableArray<string> Notes)
{
    /// <summary>Whether any finding denies a line.</summary>
    public bool HasDenials => Findings.Any(f => f.DeniedLine is not null);
}
