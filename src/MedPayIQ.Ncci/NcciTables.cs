using System.Collections.Immutable;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>The NCCI edit tables CMS publishes.</summary>
public enum NcciTableKind
{
    /// <summary>Procedure-to-procedure edits for practitioner claims (<c>ccipra-…</c>).</summary>
    PtpPractitioner,
    /// <summary>Procedure-to-procedure edits for outpatient hospital claims (<c>ccioph-…</c>, applied through the OCE).</summary>
    PtpHospital,
    /// <summary>Medically unlikely edits, practitioner services.</summary>
    MuePractitioner,
    /// <summary>Medically unlikely edits, outpatient hospital services.</summary>
    MueHospital,
    /// <summary>Medically unlikely edits, DME supplier services.</summary>
    MueDme,
    /// <summary>Add-on code edits.</summary>
    AddOn,
}

/// <summary>Where a table came from: CMS's file name, its version, when it takes effect, its size and SHA-256.</summary>
/// <param name="Kind">The table.</param>
/// <param name="FileNames">The file (or the parts, f1..f4, of one PTP version).</param>
/// <param name="Version">The version as CMS names it (<c>32.2r0</c>, <c>2026Q2</c>, <c>2026-07-01</c>).</param>
/// <param name="EffectiveFrom">The first date of service the version is for.</param>
/// <param name="Length">Bytes read.</param>
/// <param name="Sha256">SHA-256 of the file (of each part, joined by spaces), lower-case hex.</param>
public sealed record NcciTableSource(NcciTableKind Kind, ImmutableArray<string> FileNames, string Version, DateOnly EffectiveFrom, long Length, string Sha256)
{
    /// <summary>Whether two sources name the same files, version, date, size and hashes (file names compared one by one).</summary>
    public bool Equals(NcciTableSource? other)
        => other is not null && Kind == other.Kind && Version == other.Version && EffectiveFrom == other.EffectiveFrom && Length == other.Length
           && Sha256 == other.Sha256 && FileNames.AsSpan().SequenceEqual(other.FileNames.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Version, EffectiveFrom, Length, Sha256);

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Version} ({string.Join(", ", FileNames)})";
}

/// <summary>One loaded NCCI table. Immutable and safe to share between threads.</summary>
public abstract class NcciTable
{
    private protected NcciTable(NcciTableSource source) => Source = source;

    /// <summary>Where the table came from.</summary>
    public NcciTableSource Source { get; }

    /// <summary>Number of rows.</summary>
    public abstract int Count { get; }
}

/// <summary>A PTP edit's modifier indicator.</summary>
public enum PtpModifierIndicator : byte
{
    /// <summary>0: no modifier bypasses the edit.</summary>
    NotAllowed = 0,
    /// <summary>1: an NCCI-associated modifier on the column 2 code bypasses the edit when the services are distinct.</summary>
    Allowed = 1,
    /// <summary>9: not applicable: the edit was deleted retroactively (deletion date = effective date) and never applies.</summary>
    NotApplicable = 9,
}

/// <summary>
/// One procedure-to-procedure edit: when both codes are billed by one provider for one beneficiary on one date of
/// service, the column 1 code is paid and the column 2 code denied, unless the modifier indicator allows a bypass.
/// </summary>
public readonly struct PtpEdit
{
    private readonly DateOnly _deletion;
    private readonly ushort _rationale; // an id of PtpRationales: no reference, so a probe's answer is written without a GC write barrier

    internal PtpEdit(HcpcsCode column1, HcpcsCode column2, bool priorTo1996, DateOnly effective, DateOnly? deletion, PtpModifierIndicator indicator, ushort rationale)
    {
        Column1 = column1;
        Column2 = column2;
        PriorTo1996 = priorTo1996;
        Effective = effective;
        _deletion = deletion ?? DateOnly.MaxValue;
        ModifierIndicator = indicator;
        _rationale = rationale;
    }

    /// <summary>The column 1 code (paid).</summary>
    public HcpcsCode Column1 { get; }

    /// <summary>The column 2 code (denied unless bypassed).</summary>
    public HcpcsCode Column2 { get; }

    /// <summary>Whether the edit existed before 1996 (<c>*</c>).</summary>
    public bool PriorTo1996 { get; }

    /// <summary>The first date of service the edit applies to.</summary>
    public DateOnly Effective { get; }

    /// <summary>The last date of service the edit applies to (CMS's deletion date, inclusive), or <c>null</c> (<c>*</c>: not deleted).</summary>
    public DateOnly? Deletion => _deletion == DateOnly.MaxValue ? null : _deletion;

    /// <summary>Whether a modifier can bypass the edit.</summary>
    public PtpModifierIndicator ModifierIndicator { get; }

    /// <summary>CMS's rationale, such as "Mutually exclusive procedures".</summary>
    public string Rationale => PtpRationales.Text(_rationale);

    /// <summary>
    /// Whether the edit applies on a date of service: effective on or before it, and not deleted before it. CMS's
    /// deletion dates are the last day of a quarter or year and edits whose deletion date equals their effective date
    /// carry indicator 9, so the deletion date is read as the last day in force; indicator-9 edits never apply.
    /// </summary>
    public bool AppliesOn(DateOnly dateOfService)
        => ModifierIndicator != PtpModifierIndicator.NotApplicable && Effective <= dateOfService && dateOfService <= _deletion;

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"PTP {Column1}/{Column2} effective {new IsoDate(Effective)}{(Deletion is { } d ? $" deleted {new IsoDate(d)}" : "")}, modifier indicator {(int)ModifierIndicator} ({Rationale})");
}

/// <summary>An MUE adjudication indicator.</summary>
public enum MueAdjudication : byte
{
    /// <summary>1: a claim line edit; each line is compared with the MUE, and a line over it is denied whole.</summary>
    Line = 1,
    /// <summary>2: a date of service edit based on policy: units are summed over the date of service; over it, all are denied.</summary>
    DateOfServicePolicy = 2,
    /// <summary>3: a date of service edit based on clinical information: summed as 2, appealable with documentation.</summary>
    DateOfServiceClinical = 3,
}

/// <summary>One MUE row: the most units of a code one provider reports for one beneficiary on one date of service.</summary>
/// <param name="Hcpcs">The code.</param>
/// <param name="Value">The MUE value, units.</param>
/// <param name="Adjudication">How the units are counted.</param>
/// <param name="Rationale">CMS's rationale.</param>
public readonly record struct MueEntry(HcpcsCode Hcpcs, int Value, MueAdjudication Adjudication, string Rationale);

/// <summary>An MUE table (practitioner, outpatient hospital or DME supplier).</summary>
public sealed class MueTable : NcciTable
{
    private readonly Dictionary<int, MueEntry> _byCode;
    private readonly MueEntry[] _entries;

    internal MueTable(NcciTableSource source, MueEntry[] entries)
        : base(source)
    {
        _entries = entries;
        _byCode = new Dictionary<int, MueEntry>(entries.Length);
        foreach (var e in entries)
        {
            _byCode[e.Hcpcs.PackedValue] = e;
        }
    }

    /// <inheritdoc/>
    public override int Count => _entries.Length;

    /// <summary>Rows in file order.</summary>
    public ImmutableArray<MueEntry> Rows => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_entries);

    /// <summary>The code's MUE, when the table has one (not every code has an MUE; some are confidential).</summary>
    public bool TryGet(HcpcsCode code, out MueEntry entry) => _byCode.TryGetValue(code.PackedValue, out entry);
}

/// <summary>An add-on code edit type.</summary>
public enum AddOnEditType : byte
{
    /// <summary>Type 1: paid only with one of the listed primary codes on the same date of service.</summary>
    ListedPrimaries = 1,
    /// <summary>Type 2: no list (<c>CCCCC</c>); the contractor defines the primaries.</summary>
    ContractorPrimaries = 2,
    /// <summary>Type 3: some primaries listed, not exclusively; the contractor may accept others.</summary>
    SomeListedPrimaries = 3,
}

/// <summary>One add-on code edit row: an add-on code and one acceptable primary (or none, for type 2).</summary>
/// <param name="Type">The edit type.</param>
/// <param name="AddOn">The add-on code.</param>
/// <param name="AddOnDeleted">The add-on code's deletion date, if any.</param>
/// <param name="Primary">The primary code; <see cref="HcpcsCode.None"/> for <c>CCCCC</c> (contractor-defined).</param>
/// <param name="PrimaryDeleted">The primary code's deletion date, if any.</param>
/// <param name="Effective">The edit's effective date.</param>
/// <param name="Deleted">The edit's deletion date (last day in force), if any.</param>
/// <param name="Notes">CMS's special instruction notes.</param>
public readonly record struct AddOnEdit(AddOnEditType Type, HcpcsCode AddOn, DateOnly? AddOnDeleted, HcpcsCode Primary, DateOnly? PrimaryDeleted, DateOnly Effective, DateOnly? Deleted, string Notes)
{
    /// <summary>Whether the edit applies on a date of service (effective on or before it, not deleted before it; deletion dates inclusive).</summary>
    public bool AppliesOn(DateOnly dateOfService)
        => Effective <= dateOfService && (Deleted is not { } d || dateOfService <= d) && (AddOnDeleted is not { } a || dateOfService <= a);

    /// <summary>Whether the primary code is acceptable on a date of service (listed and not deleted).</summary>
    public bool PrimaryValidOn(DateOnly dateOfService) => Primary.IsSome && (PrimaryDeleted is not { } d || dateOfService <= d);
}

/// <summary>The add-on code edits of one version.</summary>
public sealed class AddOnTable : NcciTable
{
    private readonly AddOnEdit[] _edits;
    private readonly Dictionary<int, (int Start, int Count)> _byAddOn;
    private readonly Dictionary<int, int[]> _byPrimary; // the rows naming a primary, in row order

    internal AddOnTable(NcciTableSource source, AddOnEdit[] edits)
        : base(source)
    {
        // A total order (add-on, primary, effective date, type): the same rows in any order give the same table.
        Array.Sort(edits, static (a, b) => a.AddOn.CompareTo(b.AddOn) is var c && c != 0 ? c
            : a.Primary.CompareTo(b.Primary) is var p && p != 0 ? p
            : a.Effective.CompareTo(b.Effective) is var e && e != 0 ? e
            : a.Type.CompareTo(b.Type));
        _edits = edits;
        _byAddOn = [];
        for (int i = 0; i < edits.Length;)
        {
            int j = i;
            while (j < edits.Length && edits[j].AddOn == edits[i].AddOn)
            {
                j++;
            }

            _byAddOn[edits[i].AddOn.PackedValue] = (i, j - i);
            i = j;
        }

        _byPrimary = Enumerable.Range(0, edits.Length).Where(i => edits[i].Primary.IsSome)
            .GroupBy(i => edits[i].Primary.PackedValue).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <inheritdoc/>
    public override int Count => _edits.Length;

    /// <summary>Every row, sorted by add-on code then primary.</summary>
    public ImmutableArray<AddOnEdit> Rows => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_edits);

    /// <summary>The rows of one add-on code (its primaries); empty when the code is not an add-on code here.</summary>
    public ReadOnlySpan<AddOnEdit> EditsOf(HcpcsCode addOn)
        => _byAddOn.TryGetValue(addOn.PackedValue, out var range) ? _edits.AsSpan(range.Start, range.Count) : [];

    /// <summary>The add-on codes that list <paramref name="primary"/> as a primary.</summary>
    public IEnumerable<HcpcsCode> AddOnsOf(HcpcsCode primary)
        => (_byPrimary.TryGetValue(primary.PackedValue, out var rows) ? rows : []).Select(i => _edits[i].AddOn).Distinct();

    /// <summary>The add-on codes whose rows in force on a date of service name <paramref name="primary"/> as a primary, in code order.</summary>
    public IEnumerable<HcpcsCode> AddOnsOf(HcpcsCode primary, DateOnly dateOfService)
        => (_byPrimary.TryGetValue(primary.PackedValue, out var rows) ? rows : []).Where(i => _edits[i].AppliesOn(dateOfService)).Select(i => _edits[i].AddOn).Distinct();
}

/// <summary>A date written yyyy-MM-dd straight into an interpolated string (the findings' and edits' texts), without the culture's date formatter.</summary>
internal readonly struct IsoDate(DateOnly date) : ISpanFormattable
{
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        if (destination.Length < 10)
        {
            charsWritten = 0;
            return false;
        }

        int y = date.Year, m = date.Month, d = date.Day;
        destination[0] = (char)('0' + (y / 1000));
        destination[1] = (char)('0' + (y / 100 % 10));
        destination[2] = (char)('0' + (y / 10 % 10));
        destination[3] = (char)('0' + (y % 10));
        destination[4] = '-';
        destination[5] = (char)('0' + (m / 10));
        destination[6] = (char)('0' + (m % 10));
        destination[7] = '-';
        destination[8] = (char)('0' + (d / 10));
        destination[9] = (char)('0' + (d % 10));
        charsWritten = 10;
        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString() => string.Create(10, date, static (span, d) => new IsoDate(d).TryFormat(span, out _, default, null));
}
