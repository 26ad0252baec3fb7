using System.Collections.Frozen;
using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>
/// A Medicare payment locality with its geographic practice cost indices (GPCI file, Addendum E of the final rule).
/// GPCIs are dimensionless multipliers with three decimals.
/// </summary>
public sealed class Locality
{
    internal Locality(LocalityKey key, string state, string name, int workThousandths, int practiceExpenseThousandths, int malpracticeThousandths, ImmutableArray<string> notes)
    {
        Key = key;
        State = state;
        Name = name;
        WorkThousandths = workThousandths;
        PracticeExpenseThousandths = practiceExpenseThousandths;
        MalpracticeThousandths = malpracticeThousandths;
        Notes = notes;
    }

    /// <summary>GPCIs of 1.000: national amounts.</summary>
    internal static Locality National { get; } = new(LocalityKey.None, string.Empty, "NATIONAL", 1000, 1000, 1000, []);

    internal int WorkThousandths { get; }

    internal int PracticeExpenseThousandths { get; }

    internal int MalpracticeThousandths { get; }

    /// <summary>Carrier (MAC) and locality number.</summary>
    public LocalityKey Key { get; }

    /// <summary>Two-letter state or territory code, such as <c>CA</c>.</summary>
    public string State { get; }

    /// <summary>Locality name as CMS prints it, without footnote markers (for example <c>ALASKA</c>).</summary>
    public string Name { get; }

    /// <summary>Physician work GPCI, floors included as CMS publishes them (1.0 floor; 1.5 in Alaska).</summary>
    public decimal WorkGpci => Fixed.Thousandths(WorkThousandths);

    /// <summary>
    /// The physician work GPCI without the 1.0 floor, when the GPCI file prints it beside the floored one (the CY2026
    /// file of RVU26A does: the floor was extended by statute through January 2026); <c>null</c> otherwise. Prices use
    /// <see cref="WorkGpci"/>, the floored value, the one Addendum E of the CY2026 final rule prints.
    /// </summary>
    public decimal? WorkGpciWithoutFloor => WorkGpciWithoutFloorThousandths is int t ? Fixed.Thousandths(t) : null;

    internal int? WorkGpciWithoutFloorThousandths { get; init; }

    /// <summary>Practice expense GPCI (1.0 floor in frontier states).</summary>
    public decimal PracticeExpenseGpci => Fixed.Thousandths(PracticeExpenseThousandths);

    /// <summary>Malpractice (professional liability) GPCI.</summary>
    public decimal MalpracticeGpci => Fixed.Thousandths(MalpracticeThousandths);

    /// <summary>The GPCI file's footnotes that its name marks (<c>*</c>, <c>**</c>), such as the Alaska work floor.</summary>
    public ImmutableArray<string> Notes { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Key} {State} {Name}";
}

/// <summary>The GPCIs of every locality of a release, by carrier and locality number. Immutable.</summary>
public sealed class LocalityTable
{
    private readonly Locality[] _localities;
    private readonly FrozenDictionary<int, Locality> _byKey;
    private readonly FrozenDictionary<int, Locality> _aliases;

    /// <summary>The table of a release loaded without its GPCI file.</summary>
    internal static LocalityTable Empty(int year) => new([], year, []);

    internal LocalityTable(Locality[] localities, int year, ImmutableArray<string> notes)
    {
        _localities = localities;
        Year = year;
        Notes = notes;
        _byKey = localities.ToFrozenDictionary(l => l.Key.Packed);

        // CMS prices the southern California localities (17, 18, 71-74, listed in the GPCI file under 01182) under
        // the northern California MAC 01112 as well: OPPSCAP and the PF payment files carry both keys.
        var aliases = new Dictionary<int, Locality>();
        foreach (var (from, to) in SharedLocalities)
        {
            foreach (var l in localities.Where(l => l.Key.Carrier == to))
            {
                var alias = new LocalityKey(from, l.Key.Locality);
                if (!_byKey.ContainsKey(alias.Packed))
                {
                    aliases[alias.Packed] = l;
                }
            }
        }

        _aliases = aliases.ToFrozenDictionary();
    }

    private static readonly (int From, int To)[] SharedLocalities = [(1112, 1182)];

    /// <summary>The GPCI year printed in the file header (for example 2025).</summary>
    public int Year { get; }

    /// <summary>Number of localities (109 in 2025 and 2026).</summary>
    public int Count => _localities.Length;

    /// <summary>Localities in file order.</summary>
    public ImmutableArray<Locality> Rows => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_localities);

    /// <summary>The footnotes and notes printed under the table.</summary>
    public ImmutableArray<string> Notes { get; }

    /// <summary>
    /// Finds a locality. CMS prices the southern California localities (17, 18, 71-74, listed in the GPCI file under
    /// 01182) under 01112 as well; such a key resolves to the 01182 listing, whose <see cref="Locality.Key"/> then
    /// differs from <paramref name="key"/>.
    /// </summary>
    public bool TryGet(LocalityKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Locality? locality)
        => _byKey.TryGetValue(key.Packed, out locality) || _aliases.TryGetValue(key.Packed, out locality);

    /// <summary>Every carrier/locality pair CMS prices: the file's own keys and the same-state aliases, sorted.</summary>
    public IEnumerable<LocalityKey> PricedKeys
        => _byKey.Keys.Concat(_aliases.Keys).Order().Select(LocalityKey.FromPacked);
}

/// <summary>One row of the locality/county crosswalk (LOCCO file): the counties a locality covers.</summary>
/// <param name="Key">Carrier (MAC) and locality number.</param>
/// <param name="State">State name as printed (carried down from the first row of the state).</param>
/// <param name="FeeScheduleArea">Fee schedule area name.</param>
/// <param name="Counties">Counties, as CMS's free text ("ALL COUNTIES", "DUPAGE, KANE, LAKE AND WILL").</param>
public sealed record LocalityCounties(LocalityKey Key, string State, string FeeScheduleArea, string Counties);

/// <summary>The locality/county crosswalk of a release (LOCCO file). For display; map addresses with the ZIP file.</summary>
public sealed class LocalityCountyTable
{
    private readonly LocalityCounties[] _rows;
    private readonly FrozenDictionary<int, LocalityCounties[]> _byKey;

    /// <summary>The table of a release loaded without its LOCCO file.</summary>
    internal static LocalityCountyTable Empty { get; } = new([], []);

    internal LocalityCountyTable(LocalityCounties[] rows, ImmutableArray<string> notes)
    {
        _rows = rows;
        Notes = notes;
        _byKey = rows.GroupBy(r => r.Key.Packed).ToFrozenDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>The number of rows.</summary>
    public int Count => _rows.Length;

    /// <summary>Rows in file order.</summary>
    public ImmutableArray<LocalityCounties> Rows => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_rows);

    /// <summary>Footnotes printed under the table.</summary>
    public ImmutableArray<string> Notes { get; }

    /// <summary>The rows of one locality (usually one; empty when the file has none).</summary>
    public ReadOnlySpan<LocalityCounties> Get(LocalityKey key) => _byKey.TryGetValue(key.Packed, out var rows) ? rows : [];
}
