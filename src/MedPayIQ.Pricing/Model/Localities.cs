using System.Collections.Frozen;
using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>
/// A Medicare payment locality with its geographic practice cost indices (GPCI file, Addendum E of the final rule).
/// GPCIs are dimensionless multipliers with three decimals.
/// </summary>
public sealed class Locality
{
    internal Locality(LocalityKey key, string state, string name, decimal work, decimal practiceExpense, decimal malpractice, ImmutableArray<string> notes)
    {
        Key = key;
        State = state;
        Name = name;
        WorkGpci = work;
        PracticeExpenseGpci = practiceExpense;
        MalpracticeGpci = malpractice;
        Notes = notes;
    }

    /// <summary>Carrier (MAC) and locality number.</summary>
    public LocalityKey Key { get; }

    /// <summary>Two-letter state or territory code, such as <c>CA</c>.</summary>
    public string State { get; }

    /// <summary>Locality name as CMS prints it, without footnote markers (for example <c>ALASKA</c>).</summary>
    public string Name { get; }

    /// <summary>Physician work GPCI, floors included as CMS publishes them (1.0 floor; 1.5 in Alaska).</summary>
    public decimal WorkGpci { get; }

    /// <summary>Practice expense GPCI (1.0 floor in frontier states).</summary>
    public decimal PracticeExpenseGpci { get; }

    /// <summary>Malpractice (professional liability) GPCI.</summary>
    public decimal MalpracticeGpci { get; }

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

    internal LocalityTable(Locality[] localities, int year, ImmutableArray<string> notes)
    {
        _localities = localities;
        Year = year;
        Notes = notes;
        _byKey = localities.ToFrozenDictionary(l => l.Key.Packed);

        // Carriers that serve a state with a locality number listed only under another carrier of the same state
        // (California: 01112 is priced for 17, 18, 71-74 in CMS's OPPSCAP and PF files; the GPCI file lists them under 01182).
        var carrierStates = localities.GroupBy(l => l.Key.Carrier).ToDictionary(g => g.Key, g => g.Select(l => l.State).Distinct().ToArray());
        var aliases = new Dictionary<int, Locality>();
        foreach (var (carrier, states) in carrierStates)
        {
            if (states.Length != 1)
            {
                continue;
            }

            foreach (var other in localities.Where(l => l.State == states[0] && l.Key.Carrier != carrier))
            {
                var alias = new LocalityKey(carrier, other.Key.Locality);
                if (!_byKey.ContainsKey(alias.Packed) && localities.Count(l => l.State == states[0] && l.Key.Locality == other.Key.Locality) == 1)
                {
                    aliases[alias.Packed] = other;
                }
            }
        }

        _aliases = aliases.ToFrozenDictionary();
    }

    /// <summary>The GPCI year printed in the file header (for example 2025).</summary>
    public int Year { get; }

    /// <summary>Number of localities (109 in 2025 and 2026).</summary>
    public int Count => _localities.Length;

    /// <summary>Localities in file order.</summary>
    public ImmutableArray<Locality> All => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_localities);

    /// <summary>The footnotes and notes printed under the table.</summary>
    public ImmutableArray<string> Notes { get; }

    /// <summary>
    /// Finds a locality. A carrier that CMS prices for a locality number listed in the GPCI file only under another
    /// carrier of the same state (01112 with 17, 18, 71-74 in California) resolves to that listing, whose
    /// <see cref="Locality.Key"/> then differs from <paramref name="key"/>.
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

    internal LocalityCountyTable(LocalityCounties[] rows, ImmutableArray<string> notes)
    {
        _rows = rows;
        Notes = notes;
        _byKey = rows.GroupBy(r => r.Key.Packed).ToFrozenDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>Rows in file order.</summary>
    public ImmutableArray<LocalityCounties> All => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_rows);

    /// <summary>Footnotes printed under the table.</summary>
    public ImmutableArray<string> Notes { get; }

    /// <summary>The rows of one locality (usually one; empty when the file has none).</summary>
    public ReadOnlySpan<LocalityCounties> Get(LocalityKey key) => _byKey.TryGetValue(key.Packed, out var rows) ? rows : [];
}
