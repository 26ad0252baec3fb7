using System.Collections.Frozen;
using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>A locality's anesthesia conversion factor (ANES file), in dollars per anesthesia unit, two decimals.</summary>
/// <param name="Key">Carrier and locality.</param>
/// <param name="Name">Locality name as printed, without footnote markers.</param>
/// <param name="ConversionFactor">Dollars per anesthesia unit (base plus time units).</param>
public sealed record AnesthesiaConversionFactor(LocalityKey Key, string Name, decimal ConversionFactor)
{
    /// <summary>
    /// From 2026: the locality's conversion factor for qualifying APM participants (the ANES file's first CF column);
    /// <c>null</c> when the file has one CF per locality. <see cref="ConversionFactor"/> is then the non-qualifying one.
    /// </summary>
    public decimal? QualifyingConversionFactor { get; init; }

    /// <summary>The conversion factor for a clinician's QP status (the non-qualifying one when the file has one CF).</summary>
    public decimal For(ApmStatus status) => status == ApmStatus.QualifyingParticipant && QualifyingConversionFactor is { } qp ? qp : ConversionFactor;
}

/// <summary>The anesthesia conversion factors of a release (ANES file). Immutable.</summary>
public sealed class AnesthesiaConversionFactorTable
{
    private readonly AnesthesiaConversionFactor[] _rows;
    private readonly FrozenDictionary<int, AnesthesiaConversionFactor> _byKey;

    /// <summary>The table of a release loaded without its ANES file: no row, no national factor.</summary>
    internal static AnesthesiaConversionFactorTable Empty { get; } = new([], null, null);

    internal AnesthesiaConversionFactorTable(AnesthesiaConversionFactor[] rows, decimal? national, decimal? nationalQualifying)
    {
        _rows = rows;
        National = national;
        NationalQualifying = nationalQualifying;
        _byKey = rows.ToFrozenDictionary(r => r.Key.Packed);
    }

    /// <summary>
    /// The national anesthesia conversion factor printed in the header (20.3178 for 2025; from 2026 the non-qualifying
    /// APM participants' one, 20.49754); <c>null</c> when the release was loaded without its ANES file.
    /// </summary>
    public decimal? National { get; }

    /// <summary>From 2026: the qualifying APM participants' national anesthesia conversion factor (20.599835); <c>null</c> when the file prints one.</summary>
    public decimal? NationalQualifying { get; }

    /// <summary>Whether the file carries the qualifying APM participants' factors (2026 on).</summary>
    public bool HasQualifyingFactors => NationalQualifying is not null;

    /// <summary>The number of rows.</summary>
    public int Count => _rows.Length;

    /// <summary>Rows in file order.</summary>
    public ImmutableArray<AnesthesiaConversionFactor> Rows => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_rows);

    /// <summary>The conversion factor of one locality.</summary>
    public bool TryGet(LocalityKey key, out decimal conversionFactor)
    {
        if (_byKey.TryGetValue(key.Packed, out var row))
        {
            conversionFactor = row.ConversionFactor;
            return true;
        }

        conversionFactor = 0m;
        return false;
    }

    /// <summary>The conversion factor of one locality for a clinician's QP status (the non-qualifying one when the file has one CF per locality).</summary>
    public bool TryGet(LocalityKey key, ApmStatus status, out decimal conversionFactor)
    {
        if (_byKey.TryGetValue(key.Packed, out var row))
        {
            conversionFactor = row.For(status);
            return true;
        }

        conversionFactor = 0m;
        return false;
    }
}

/// <summary>
/// One row of the OPPSCAP file: the payment of an imaging service after the OPPS-based cap (Deficit Reduction Act of
/// 2005, section 5102(b)), in dollars. For status-C codes the prices hold the cap a contractor's price may not exceed.
/// </summary>
public readonly struct OppsCapEntry
{
    private readonly int _facilityCents, _nonFacilityCents;

    internal OppsCapEntry(HcpcsCode code, Modifier modifier, StatusCode status, LocalityKey locality, int facilityCents, int nonFacilityCents)
    {
        Hcpcs = code;
        Modifier = modifier;
        Status = status;
        Locality = locality;
        _facilityCents = facilityCents;
        _nonFacilityCents = nonFacilityCents;
    }

    /// <summary>HCPCS code.</summary>
    public HcpcsCode Hcpcs { get; }

    /// <summary>Modifier (blank or TC).</summary>
    public Modifier Modifier { get; }

    /// <summary>Status code of the row (PROCSTAT).</summary>
    public StatusCode Status { get; }

    /// <summary>Carrier and locality.</summary>
    public LocalityKey Locality { get; }

    /// <summary>Capped facility price, dollars.</summary>
    public decimal FacilityPrice => Fixed.Hundredths(_facilityCents);

    /// <summary>Capped non-facility price, dollars.</summary>
    public decimal NonFacilityPrice => Fixed.Hundredths(_nonFacilityCents);
}

/// <summary>The OPPS imaging caps of a release (OPPSCAP file), by code, modifier and locality. Immutable.</summary>
public sealed class OppsCapTable
{
    private readonly OppsCapEntry[] _rows;
    private readonly FrozenDictionary<long, int> _index;
    private readonly FrozenSet<long> _codes;

    /// <summary>The table of a release loaded without its OPPSCAP file.</summary>
    internal static OppsCapTable Empty { get; } = new([], FrozenDictionary<long, int>.Empty);

    internal OppsCapTable(OppsCapEntry[] rows, FrozenDictionary<long, int> index)
    {
        _rows = rows;
        _index = index;
        _codes = rows.Select(r => RvuTable.Key(r.Hcpcs, r.Modifier)).ToFrozenSet();
    }

    internal static long Key(HcpcsCode code, Modifier modifier, LocalityKey locality)
        => ((long)code.Packed << 35) | ((long)modifier.Packed << 24) | (uint)locality.Packed;

    /// <summary>Number of rows.</summary>
    public int Count => _rows.Length;

    /// <summary>Rows in file order.</summary>
    public ImmutableArray<OppsCapEntry> Rows => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_rows);

    /// <summary>Whether the file lists the code and modifier in any locality.</summary>
    public bool Lists(HcpcsCode code, Modifier modifier) => _codes.Contains(RvuTable.Key(code, modifier));

    /// <summary>The capped prices of a code and modifier in one locality.</summary>
    public bool TryGet(HcpcsCode code, Modifier modifier, LocalityKey locality, out OppsCapEntry entry)
    {
        if (_index.TryGetValue(Key(code, modifier, locality), out int i))
        {
            entry = _rows[i];
            return true;
        }

        entry = default;
        return false;
    }
}
