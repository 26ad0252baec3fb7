using System.Collections.Frozen;
using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>One row of the DMEPOS fee schedule, without its amounts by state.</summary>
/// <param name="Hcpcs">The item's HCPCS code.</param>
/// <param name="Modifier">Mod: the pricing modifier (NU new, RR rental, UE used, KE...), or none.</param>
/// <param name="Modifier2">Mod2, or none.</param>
/// <param name="Jurisdiction">JURIS: D (DME MAC), L (local Part B contractor) or J (joint).</param>
/// <param name="Category">CATG: the payment category (IN inexpensive or routinely purchased, CR capped rental, PO prosthetics and orthotics, OX oxygen...).</param>
/// <param name="Ceiling">The ceiling (0 where none applies).</param>
/// <param name="Floor">The floor (0 where none applies).</param>
public readonly record struct DmeposItem(HcpcsCode Hcpcs, Modifier Modifier, Modifier Modifier2, char Jurisdiction, string Category, decimal Ceiling, decimal Floor);

/// <summary>The amount of one DMEPOS item for a state and area.</summary>
/// <param name="Item">The row.</param>
/// <param name="State">The state (two letters) whose column was read.</param>
/// <param name="Rural">Whether the rural (R) column was used; <c>false</c>: the non-rural (NR) column.</param>
/// <param name="Amount">The fee schedule amount for one unit, dollars.</param>
/// <param name="RuralFellBack">The beneficiary lives in a rural ZIP but the row has no rural amount (0.00): the non-rural amount applies.</param>
public readonly record struct DmeposAmount(DmeposItem Item, string State, bool Rural, decimal Amount, bool RuralFellBack);

/// <summary>
/// One DMEPOS fee schedule file (DMEPOS25_APR.csv): per HCPCS code and modifiers, the jurisdiction, category, ceiling
/// and floor, and a non-rural and a rural amount for each state. Immutable and thread-safe; lookups allocate nothing.
/// </summary>
public sealed class DmeposFeeSchedule : QuarterlySchedule<DmeposItem>
{
    private readonly int[] _cents;        // item x state x (NR, R); the rows are by code, in file order
    private readonly string[] _states;
    private readonly FrozenDictionary<string, int> _stateIndex;

    internal DmeposFeeSchedule(int year, int quarter, DmeposItem[] items, int[] cents, string[] states, ReleaseProvenance provenance)
        : base(year, quarter, items, static r => r.Hcpcs, provenance)
    {
        _cents = cents;
        _states = states;
        _stateIndex = states.Select((s, i) => (s, i)).ToFrozenDictionary(p => p.s, p => p.i, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The schedule's name, such as <c>DMEPOS 2025 Q2</c> (<c>DMEPOS PEN 2026 Q1</c> for the enteral and parenteral nutrition schedule).</summary>
    public override string Name => IsNutrition ? $"DMEPOS PEN {Year} Q{Quarter}" : $"DMEPOS {Year} Q{Quarter}";

    /// <summary>
    /// Whether this is the enteral and parenteral nutrition (PEN) fee schedule (DMEPEN26_JAN), which CMS publishes apart
    /// from the DMEPOS file of the quarter: its rows have no JURIS (D shown), category, ceiling or floor.
    /// </summary>
    public bool IsNutrition { get; internal init; }

    /// <summary>The states (and territories) with amounts, in the file's order.</summary>
    public ImmutableArray<string> States => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_states);

    /// <summary>
    /// The amount of a code billed with <paramref name="modifiers"/> for a beneficiary of <paramref name="state"/>: the
    /// row whose Mod and Mod2 the line carries (the row matching most modifiers; a row without modifiers matches any
    /// line), its rural column when <paramref name="rural"/> and the row has a rural amount, else its non-rural column.
    /// </summary>
    /// <param name="code">The HCPCS code.</param>
    /// <param name="modifiers">The line's modifiers.</param>
    /// <param name="state">The beneficiary's state, two letters.</param>
    /// <param name="rural">Whether the beneficiary's ZIP is a DMEPOS rural ZIP.</param>
    /// <param name="amount">The amount found.</param>
    /// <returns><c>false</c> when the code, a row for the modifiers, or the state is not in the file.</returns>
    public bool TryGetAmount(HcpcsCode code, ModifierSet modifiers, string state, bool rural, out DmeposAmount amount)
    {
        amount = default;
        int row = FindRow(code, modifiers);
        if (row < 0 || state is null || !_stateIndex.TryGetValue(state, out int s))
        {
            return false;
        }

        int at = ((row * _states.Length) + s) * 2;
        int nr = _cents[at], r = _cents[at + 1];
        bool useRural = rural && r != 0;
        amount = new DmeposAmount(RowArray[row], _states[s], useRural, new decimal(useRural ? r : nr, 0, 0, false, 2), rural && !useRural);
        return true;
    }

    /// <summary>The row of a code for the modifiers a line carries, or -1.</summary>
    internal int FindRow(HcpcsCode code, ModifierSet modifiers) => FirstRow.TryGetValue(code, out int i) ? BestRow(RowArray, i, code, modifiers) : -1;

    /// <summary>
    /// Among the rows of a code from its first, <paramref name="first"/>, the one whose Mod and Mod2 the line carries
    /// (the row matching most modifiers; a row without modifiers matches any line), or -1.
    /// </summary>
    internal static int BestRow(DmeposItem[] items, int first, HcpcsCode code, ModifierSet modifiers)
    {
        int best = -1, bestScore = -1;
        for (int i = first; i < items.Length && items[i].Hcpcs == code; i++)
        {
            ref readonly var item = ref items[i];
            if ((item.Modifier.IsSome && !modifiers.Contains(item.Modifier)) || (item.Modifier2.IsSome && !modifiers.Contains(item.Modifier2)))
            {
                continue;
            }

            int score = (item.Modifier.IsSome ? 1 : 0) + (item.Modifier2.IsSome ? 1 : 0);
            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        return best;
    }

    /// <summary>The pricing modifiers a code's rows name (NU, RR, UE...), for the reason of a line that names none.</summary>
    internal string RowModifiers(HcpcsCode code)
    {
        if (!FirstRow.TryGetValue(code, out int i))
        {
            return string.Empty;
        }

        var items = RowArray;
        var names = new List<string>();
        for (; i < items.Length && items[i].Hcpcs == code; i++)
        {
            var m = items[i].Modifier2.IsSome ? $"{items[i].Modifier}-{items[i].Modifier2}" : items[i].Modifier.ToString();
            if (m.Length > 0 && !names.Contains(m))
            {
                names.Add(m);
            }
        }

        return string.Join(", ", names);
    }

    /// <inheritdoc/>
    public override string Summary => Invariant($"{RowArray.Length:N0} rows, {CodeCount:N0} codes, {_states.Length} states");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Summary})";

    internal static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}

/// <summary>Where a ZIP code lies for DMEPOS pricing.</summary>
/// <param name="Zip">The five-digit ZIP code.</param>
/// <param name="State">The state the file gives it.</param>
/// <param name="Rural">Whether it is a DMEPOS rural ZIP code.</param>
/// <param name="FormerCompetitiveBiddingArea">The former competitive bidding area it lies in (the file's LOCATION), or <c>null</c>.</param>
public readonly record struct DmeposZipArea(int Zip, string State, bool Rural, string? FormerCompetitiveBiddingArea);

/// <summary>
/// The DMEPOS rural ZIP code and former competitive bidding area (CBA) ZIP code file of one quarter. A ZIP code not in
/// the file is neither rural nor in a former CBA. Immutable and thread-safe.
/// </summary>
public sealed class DmeposZipFile : QuarterlySchedule
{
    private readonly FrozenDictionary<int, DmeposZipArea> _zips;

    internal DmeposZipFile(int year, int quarter, FrozenDictionary<int, DmeposZipArea> zips, ReleaseProvenance provenance)
        : base(year, quarter, provenance)
    {
        _zips = zips;
        RuralCount = zips.Values.Count(z => z.Rural);
    }

    /// <summary>The file's name, such as <c>DMEPOS ZIP 2025 Q2</c> (its year and quarter are the file's YEAR/QTR).</summary>
    public override string Name => $"DMEPOS ZIP {Year} Q{Quarter}";

    /// <summary>The number of ZIP codes listed.</summary>
    public int Count => _zips.Count;

    /// <summary>The number of rural ZIP codes.</summary>
    public int RuralCount { get; }

    /// <summary>The area of a listed ZIP code (rural or former CBA); <c>false</c> for a ZIP code the file does not list.</summary>
    /// <param name="zip">The five-digit ZIP code (01223 is 1223).</param>
    /// <param name="area">The area.</param>
    public bool TryGet(int zip, out DmeposZipArea area) => _zips.TryGetValue(zip, out area);

    /// <inheritdoc/>
    public override int RowCount => Count;

    /// <inheritdoc/>
    public override string Summary => DmeposFeeSchedule.Invariant($"{Count:N0} ZIP codes, {RuralCount:N0} rural");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Summary})";
}

/// <summary>
/// The DMEPOS fee schedule of the former competitive bidding areas (formerCBA_APR2025.csv): for the items of the
/// former program, an amount per former CBA, paid to beneficiaries whose ZIP code the ZIP code file places in that
/// area. Immutable and thread-safe.
/// </summary>
public sealed class DmeposFormerCbaSchedule : QuarterlySchedule<DmeposItem>
{
    private readonly int[] _cents; // item x area; the rows' Mod3 is not kept (the file's rows are told apart by Mod and Mod2)
    private readonly string[] _areas;
    private readonly FrozenDictionary<string, int> _areaIndex; // by normalized name
    private readonly FrozenDictionary<string, int> _areaByName; // by this file's name and the ZIP code file's ("San Francisco, CA", "San Francisco CA CBA")

    internal DmeposFormerCbaSchedule(int year, int quarter, DmeposItem[] items, int[] cents, string[] areas, ReleaseProvenance provenance)
        : base(year, quarter, items, static r => r.Hcpcs, provenance)
    {
        _cents = cents;
        _areas = areas;
        _areaIndex = areas.Select((a, i) => (Key: AreaKey(a), i)).ToFrozenDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        _areaByName = areas.Select((a, i) => (a, i)).Concat(areas.Select((a, i) => (a.Replace(",", "", StringComparison.Ordinal) + " CBA", i)))
            .DistinctBy(p => p.Item1, StringComparer.Ordinal).ToFrozenDictionary(p => p.Item1, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>The schedule's name, such as <c>DMEPOS former CBA 2025 Q2</c>.</summary>
    public override string Name => $"DMEPOS former CBA {Year} Q{Quarter}";

    /// <summary>The former competitive bidding areas, as the file names them ("Aiken County, SC").</summary>
    public ImmutableArray<string> Areas => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(_areas);

    /// <summary>
    /// The amount of a code billed with <paramref name="modifiers"/> in a former CBA, named as the ZIP code file's
    /// LOCATION ("San Francisco CA CBA") or as this file's column ("San Francisco, CA").
    /// </summary>
    /// <param name="code">The HCPCS code.</param>
    /// <param name="modifiers">The line's modifiers.</param>
    /// <param name="area">The former CBA.</param>
    /// <param name="item">The row used.</param>
    /// <param name="amount">The amount for one unit, dollars.</param>
    /// <returns><c>false</c> when the code, a row for the modifiers, the area or the area's amount ('.' in the file) is missing.</returns>
    public bool TryGetAmount(HcpcsCode code, ModifierSet modifiers, string area, out DmeposItem item, out decimal amount)
    {
        item = default;
        amount = 0m;
        if (area is null || !FirstRow.TryGetValue(code, out int i) || !(_areaByName.TryGetValue(area, out int a) || _areaIndex.TryGetValue(AreaKey(area), out a)))
        {
            return false;
        }

        int best = DmeposFeeSchedule.BestRow(RowArray, i, code, modifiers);
        if (best < 0)
        {
            return false;
        }

        int cents = _cents[(best * _areas.Length) + a];
        if (cents < 0)
        {
            return false; // the file gives the area no amount for the item ('.')
        }

        item = RowArray[best];
        amount = new decimal(cents, 0, 0, false, 2);
        return true;
    }

    /// <summary>"San Francisco CA CBA" and "San Francisco, CA" are one key: letters and digits, upper case, without the CBA suffix.</summary>
    internal static string AreaKey(string name)
    {
        var s = name.EndsWith(" CBA", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
        return string.Create(s.Count(char.IsAsciiLetterOrDigit), s, static (span, text) =>
        {
            int k = 0;
            foreach (char c in text)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    span[k++] = char.ToUpperInvariant(c);
                }
            }
        });
    }

    /// <inheritdoc/>
    public override string Summary => DmeposFeeSchedule.Invariant($"{RowArray.Length:N0} rows, {CodeCount:N0} codes, {_areas.Length} former CBAs");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Summary})";
}
