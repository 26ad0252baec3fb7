using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>
/// Checks a whole claim against the NCCI tables in force on each line's date of service: PTP edits on every pair of
/// lines of a date (not only adjacent ones), MUEs per line (MAI 1) or summed over the date (MAI 2 and 3), and add-on
/// code edits. Thread-safe; the catalog is immutable.
/// </summary>
public sealed class NcciChecker
{
    // By the modifier's packed value: a bypass probe reads one byte, no text.
    private static readonly byte[] Bypasses = BypassTable();
    private const byte Anatomic = 1, Other = 2;

    private readonly NcciCatalog _catalog;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(NcciTableKind, DateOnly), string> _notes = new();

    /// <summary>Creates a checker over a catalog of tables.</summary>
    public NcciChecker(NcciCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
    }

    /// <summary>The NCCI-associated modifiers (NCCI Policy Manual): anatomic, global surgery, and 27, 59, 91, XE, XP, XS, XU.</summary>
    public static bool IsNcciAssociated(Modifier modifier) => Bypasses[modifier.PackedValue] != 0; // see ModifierCatalog

    /// <summary>The NCCI role of each modifier, from the library's one modifier catalog.</summary>
    private static byte[] BypassTable()
    {
        var table = new byte[Modifier.MaxPackedValue + 1];
        foreach (var info in ModifierCatalog.All)
        {
            if (info.IsNcciAssociated)
            {
                table[info.Modifier.PackedValue] = info.IsAnatomic ? Anatomic : Other;
            }
        }

        return table;
    }

    /// <summary>Checks a practitioner claim's lines.</summary>
    /// <example>
    /// 0001A and 0591T on one date: the PTP edit 0001A/0591T (modifier indicator 1) denies line 2 unless it carries an
    /// NCCI-associated modifier (59, XE, XS, XP, XU, an anatomic modifier...): with <c>0591T-XS</c> the finding is
    /// <c>PtpBypassed</c> and nothing is denied.
    /// <code>
    /// var check = checker.Check(new Claim([new ClaimLine(day, HcpcsCode.Parse("0001A")), new ClaimLine(day, HcpcsCode.Parse("0591T"))]));
    /// foreach (var f in check.Findings) Console.WriteLine($"{f.Kind} {f.DeniedLine} {f.DenialCode}: {f.Fix}");
    /// </code>
    /// </example>
    public NcciCheck Check(Claim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return Check(claim.Lines.IsDefault ? [] : claim.Lines, NcciClaimKind.Practitioner);
    }

    /// <summary>Checks the lines of a practitioner claim (one provider, one beneficiary).</summary>
    public NcciCheck Check(IReadOnlyList<ClaimLine> lines) => Check(lines, NcciClaimKind.Practitioner);

    /// <summary>Checks claim lines (one provider, one beneficiary) against the tables of the claim's kind. Unknown codes are not findings: they have no edits.</summary>
    public NcciCheck Check(IReadOnlyList<ClaimLine> lines, NcciClaimKind kind)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var findings = new List<NcciFinding>();
        var notes = new List<string>(3);
        var (ptpKind, mueKind) = kind switch
        {
            NcciClaimKind.OutpatientHospital => ((NcciTableKind?)NcciTableKind.PtpHospital, NcciTableKind.MueHospital),
            NcciClaimKind.DmeSupplier => (null, NcciTableKind.MueDme),
            _ => (NcciTableKind.PtpPractitioner, NcciTableKind.MuePractitioner),
        };

        foreach (var (date, idx) in Days(lines))
        {
            if (ptpKind is { } pk && _catalog.ResolvePtp(kind, date) is { Table: { } ptp, Reason: var ptpWhy })
            {
                AddNote(notes, Note(pk, date, ptpWhy, found: true));
                CheckPtp(lines, idx, date, ptp, findings);
            }
            else if (ptpKind is { } missing)
            {
                AddNote(notes, Note(missing, date, "PTP edits not checked", found: false));
            }

            if (_catalog.ResolveMue(kind, date) is { Table: { } mue, Reason: var mueWhy })
            {
                AddNote(notes, Note(mueKind, date, mueWhy, found: true));
                CheckMue(lines, idx, mue, findings);
            }
            else
            {
                AddNote(notes, Note(mueKind, date, "MUEs not checked", found: false));
            }

            if (_catalog.ResolveAddOn(date) is { Table: { } aoc, Reason: var aocWhy })
            {
                AddNote(notes, Note(NcciTableKind.AddOn, date, aocWhy, found: true));
                CheckAddOns(lines, idx, date, aoc, findings);
            }
            else
            {
                AddNote(notes, Note(NcciTableKind.AddOn, date, "add-on codes not checked", found: false));
            }
        }

        notes.Sort(StringComparer.Ordinal);
        findings.Sort(static (a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : CompareLines(a.Lines, b.Lines));
        return new NcciCheck([.. findings], [.. notes]);
    }

    /// <summary>The claim's dates of service, in order, each with its lines (one pass when, as usual, the claim has one date).</summary>
    private static List<(DateOnly Date, int[] Lines)> Days(IReadOnlyList<ClaimLine> lines)
    {
        var days = new List<(DateOnly, int[])>(1);
        if (lines.Count == 0)
        {
            return days;
        }

        var first = lines[0].DateOfService;
        bool oneDay = true;
        for (int i = 1; i < lines.Count && oneDay; i++)
        {
            oneDay = lines[i].DateOfService == first;
        }

        if (oneDay)
        {
            var all = new int[lines.Count];
            for (int i = 0; i < all.Length; i++)
            {
                all[i] = i;
            }

            days.Add((first, all));
            return days;
        }

        foreach (var day in Enumerable.Range(0, lines.Count).GroupBy(i => lines[i].DateOfService).OrderBy(g => g.Key))
        {
            days.Add((day.Key, [.. day]));
        }

        return days;
    }

    private static void AddNote(List<string> notes, string note)
    {
        if (!notes.Contains(note))
        {
            notes.Add(note);
        }
    }

    /// <summary>
    /// The note that names the table used for a kind and date (or says none is loaded). The catalog never changes, so
    /// the text of a (kind, date) never does: it is written once and kept (at most 4,096, then written again).
    /// </summary>
    private string Note(NcciTableKind kind, DateOnly date, string why, bool found)
    {
        if (_notes.TryGetValue((kind, date), out var note))
        {
            return note;
        }

        note = found
            ? string.Create(CultureInfo.InvariantCulture, $"{new IsoDate(date)}: {why}")
            : kind == NcciTableKind.AddOn
                ? string.Create(CultureInfo.InvariantCulture, $"{new IsoDate(date)}: no add-on code edits are loaded: {why}")
                : string.Create(CultureInfo.InvariantCulture, $"{new IsoDate(date)}: no {kind} table is loaded: {why}");
        if (_notes.Count >= 4096)
        {
            _notes.Clear();
        }

        _notes.TryAdd((kind, date), note);
        return note;
    }

    private static int CompareLines(ImmutableArray<int> a, ImmutableArray<int> b)
    {
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static string Describe(ClaimLine line, int number)
        => line.Modifiers.Count > 0 ? $"line {number} ({line.Hcpcs}-{line.Modifiers.ToString().Replace(',', '-')})" : $"line {number} ({line.Hcpcs})";

    private static void CheckPtp(IReadOnlyList<ClaimLine> lines, int[] day, DateOnly date, PtpTable table, List<NcciFinding> findings)
    {
        for (int a = 0; a < day.Length; a++)
        {
            for (int b = 0; b < day.Length; b++)
            {
                if (a == b)
                {
                    continue;
                }

                var one = lines[day[a]];
                var two = lines[day[b]];
                if (!table.TryFind(one.Hcpcs, two.Hcpcs, date, out var edit))
                {
                    continue;
                }

                int n1 = day[a] + 1, n2 = day[b] + 1;
                var pair = ImmutableArray.Create(n1, n2);
                var bypass = edit.ModifierIndicator == PtpModifierIndicator.NotAllowed ? null : Bypass(two.Hcpcs, two.Modifiers, one.Modifiers);
                var text = new PtpText(one, two, n1, n2, edit, bypass);
                findings.Add(bypass is not null
                    ? new NcciFinding(NcciFindingKind.PtpBypassed, pair, null, table.Source, null, text)
                    : new NcciFinding(NcciFindingKind.PtpColumn2Denied, pair, n2, table.Source, "CO-97", text));
            }
        }
    }

    /// <summary>The sentences of a PTP finding, written when read.</summary>
    private sealed class PtpText(ClaimLine one, ClaimLine two, int n1, int n2, PtpEdit edit, Modifier? bypass) : FindingText
    {
        public override string Edit() => edit.ToString();

        public override string Reason()
        {
            if (edit.ModifierIndicator == PtpModifierIndicator.NotAllowed)
            {
                return $"{Describe(two, n2)} is column 2 of {Describe(one, n1)} ({edit.Rationale}); modifier indicator 0: no modifier bypasses it, so {two.Hcpcs} is denied.";
            }

            if (bypass is { } modifier)
            {
                return $"{Describe(two, n2)} is column 2 of {Describe(one, n1)} ({edit.Rationale}); modifier {modifier} on line {n2} bypasses it (indicator 1).";
            }

            return IgnoredDistinct(two) is { } not
                ? $"{Describe(two, n2)} is column 2 of {Describe(one, n1)} ({edit.Rationale}); modifier indicator 1, and {not} on {two.Hcpcs} does not bypass an edit (processed as if absent), so {two.Hcpcs} is denied."
                : $"{Describe(two, n2)} is column 2 of {Describe(one, n1)} ({edit.Rationale}); modifier indicator 1 and no NCCI-associated modifier on line {n2}, so {two.Hcpcs} is denied.";
        }

        public override string Fix()
        {
            if (edit.ModifierIndicator == PtpModifierIndicator.NotAllowed)
            {
                return $"Remove line {n2}: {two.Hcpcs} is not paid with {one.Hcpcs} on the same date by the same provider, whatever the modifier.";
            }

            if (bypass is { } modifier)
            {
                return $"Keep the documentation that shows the services were distinct ({modifier}).";
            }

            return IgnoredDistinct(two) is { } absent
                ? $"Modifier {absent} on {two.Hcpcs} is processed as if it were not present: CMS does not accept 59 or XE/XP/XS/XU on E/M services (99201-99499), 92012-92014 or 77427. If the E/M service was significant and separately identifiable, bill line {n2} with modifier 25 (57 for the decision for surgery), documented; otherwise remove line {n2}."
                : SameSite(two.Modifiers, one.Modifiers) is { } site
                ? $"Modifier {site} is on both lines: the same anatomic site is not a separate site. If line {n2} was at another site, bill that site's modifier (or XS); otherwise remove line {n2}."
                : Bypass(one.Hcpcs, one.Modifiers, default) is { } wrong
                ? $"Modifier {wrong} is on line {n1} (column 1); the bypass modifier belongs on line {n2} ({two.Hcpcs}). If the services were distinct, move it; otherwise remove line {n2}."
                : $"If {two.Hcpcs} was a distinct service (another site, encounter or practitioner), append XS, XE, XP, XU, 59 or an anatomic modifier to line {n2}; otherwise remove line {n2}.";
        }
    }

    /// <summary>
    /// The NCCI-associated modifier on <paramref name="column2"/> that bypasses an indicator-1 edit, if any (an anatomic
    /// modifier must differ from the column 1 line's). On an E/M code, 92012-92014 or 77427 (<paramref name="code"/>),
    /// 59 and XE/XP/XS/XU are processed as if absent (see <see cref="IgnoresDistinctModifiers"/>).
    /// </summary>
    private static Modifier? Bypass(HcpcsCode code, ModifierSet column2, ModifierSet column1)
    {
        bool ignoreDistinct = IgnoresDistinctModifiers(code);
        foreach (var m in column2)
        {
            if (Bypasses[m.PackedValue] == Other && !(ignoreDistinct && IsDistinct(m)))
            {
                return m;
            }

            if (Bypasses[m.PackedValue] == Anatomic && !column1.Contains(m))
            {
                return m;
            }
        }

        return null;
    }

    /// <summary>A count of units in a sentence: "1 unit", "3 units".</summary>
    private static string Units(long units) => units == 1 ? "1 unit" : string.Create(CultureInfo.InvariantCulture, $"{units} units");

    /// <summary>An anatomic modifier on both lines of a pair: it names the same site, so it bypasses nothing.</summary>
    private static Modifier? SameSite(ModifierSet column2, ModifierSet column1)
    {
        foreach (var m in column2)
        {
            if (Bypasses[m.PackedValue] == Anatomic && column1.Contains(m))
            {
                return m;
            }
        }

        return null;
    }

    private static readonly Modifier M59 = Modifier.Parse("59"), XE = Modifier.Parse("XE"), XP = Modifier.Parse("XP"), XS = Modifier.Parse("XS"), XU = Modifier.Parse("XU");
    private static readonly HcpcsCode EmFirst = HcpcsCode.Parse("99201"), EmLast = HcpcsCode.Parse("99499"), EyeFirst = HcpcsCode.Parse("92012"), EyeLast = HcpcsCode.Parse("92014"), RadiationManagement = HcpcsCode.Parse("77427");

    private static bool IsDistinct(Modifier m) => m == M59 || m == XE || m == XP || m == XS || m == XU;

    /// <summary>
    /// Whether modifiers 59, XE, XP, XS and XU on this code are processed as if absent: E/M services (99201-99499),
    /// ophthalmological services 92012-92014 and weekly radiation therapy management 77427. CMS: modifier 59 and the
    /// -X{EPSU} modifiers are for services other than E/M services (CMS MLN1783722, "Proper Use of Modifiers 59 &amp;
    /// -X{EPSU}", 2023, from the NCCI Policy Manual for Medicare Services, Chapter I, Section E), and for these codes
    /// "the A/B MAC shall process the claim as if the modifier were not present" (the CMS instruction as Noridian's
    /// "Modifier 59" page quotes it). An E/M service is separately identifiable with 25 (or 57, decision for surgery).
    /// </summary>
    internal static bool IgnoresDistinctModifiers(HcpcsCode code)
        => code == RadiationManagement || (code >= EyeFirst && code <= EyeLast) || (code >= EmFirst && code <= EmLast && AllDigits(code));

    /// <summary>Whether a code is five digits (no letter in a CPT Category II or III position between two E/M codes).</summary>
    private static bool AllDigits(HcpcsCode code)
    {
        int v = code.PackedValue - 1;
        for (int i = 0; i < 5; i++, v /= 36)
        {
            if (v % 36 >= 10)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first of 59, XE, XP, XS, XU on a line whose code processes them as if absent.</summary>
    private static Modifier? IgnoredDistinct(ClaimLine line)
    {
        if (IgnoresDistinctModifiers(line.Hcpcs))
        {
            foreach (var m in line.Modifiers)
            {
                if (IsDistinct(m))
                {
                    return m;
                }
            }
        }

        return null;
    }

    private static void CheckMue(IReadOnlyList<ClaimLine> lines, int[] day, MueTable table, List<NcciFinding> findings)
    {
        foreach (var code in day.GroupBy(i => lines[i].Hcpcs))
        {
            if (!table.TryGet(code.Key, out var mue))
            {
                continue;
            }

            string edited = string.Create(CultureInfo.InvariantCulture, $"MUE {mue.Hcpcs}: {Units(mue.Value)}, adjudication indicator {(int)mue.Adjudication} ({mue.Rationale})");
            if (mue.Adjudication == MueAdjudication.Line)
            {
                foreach (int i in code)
                {
                    int units = lines[i].Units;
                    if (units > mue.Value)
                    {
                        int n = i + 1;
                        findings.Add(new NcciFinding(NcciFindingKind.MueLineExceeded, [n], n, edited, table.Source, "CO-151 N362",
                            string.Create(CultureInfo.InvariantCulture, $"{Describe(lines[i], n)} has {Units(units)}; the MUE is {mue.Value} per line (MAI 1): the whole line is denied, {units - mue.Value} over."),
                            string.Create(CultureInfo.InvariantCulture, $"Bill at most {Units(mue.Value)} on a line; units that were separate services go on their own lines with 76, 77, 91, an anatomic modifier or XE/XS/XP/XU/59, with documentation.")
                            , units - mue.Value));
                    }
                }

                continue;
            }

            long total = code.Sum(i => (long)lines[i].Units);
            if (total > mue.Value)
            {
                var involved = code.Select(i => i + 1).Order().ToImmutableArray();
                string lineList = string.Join(", ", involved);
                string denied = involved.Length == 1 ? $"line {lineList} is denied" : $"every line of {code.Key} on the date is denied (lines {lineList})";
                findings.Add(new NcciFinding(NcciFindingKind.MueDateExceeded, involved, involved[0], edited, table.Source, "CO-151 N362",
                    string.Create(CultureInfo.InvariantCulture, $"{code.Key} has {Units(total)} on the date ({(involved.Length == 1 ? "line" : "lines")} {lineList}); the MUE is {mue.Value} per date of service (MAI {(int)mue.Adjudication}): all {Units(total)} are denied, {total - mue.Value} over: {denied}."),
                    mue.Adjudication == MueAdjudication.DateOfServicePolicy
                        ? $"Correct the units: more than {mue.Value} per day is impossible under CMS policy (MAI 2); splitting lines does not help."
                        : $"Correct the units, or appeal with medical records that support more than {Units(mue.Value)} (MAI 3, clinical).",
                    (int)Math.Min(total - mue.Value, int.MaxValue))
                { DeniedLines = involved });
            }
        }
    }

    private static readonly HcpcsCode CriticalCareAddOn = HcpcsCode.Parse("99292");

    private static void CheckAddOns(IReadOnlyList<ClaimLine> lines, int[] day, DateOnly date, AddOnTable table, List<NcciFinding> findings)
    {
        var codes = day.Select(i => lines[i].Hcpcs).ToHashSet();
        foreach (int i in day)
        {
            var addOn = lines[i].Hcpcs;
            var edits = table.EditsOf(addOn);
            if (edits.IsEmpty)
            {
                continue;
            }

            AddOnEditType? type = null;
            var listed = new List<HcpcsCode>();
            bool found = false;
            foreach (var e in edits)
            {
                if (!e.AppliesOn(date))
                {
                    continue;
                }

                type = e.Type;
                if (e.PrimaryValidOn(date))
                {
                    listed.Add(e.Primary);
                    found |= codes.Contains(e.Primary) && e.Primary != addOn;
                }
            }

            if (type is null || found)
            {
                continue;
            }

            int n = i + 1;
            string examples = string.Join(", ", listed.Take(8)) + (listed.Count > 8 ? $" and {listed.Count - 8} more" : "");
            string edited = $"AOC type {(int)type} {addOn}: {(listed.Count == 0 ? "contractor-defined primaries (CCCCC)" : listed.Count == 1 ? "1 primary code" : $"{listed.Count} primary codes")}";
            switch (type)
            {
                case AddOnEditType.ListedPrimaries:
                    findings.Add(new NcciFinding(NcciFindingKind.AddOnWithoutPrimary, [n], n, edited, table.Source, "CO-107",
                        $"{Describe(lines[i], n)} is a type 1 add-on code and none of its primary codes is on the claim for {new IsoDate(date)}: it is denied.",
                        addOn == CriticalCareAddOn
                            ? $"Bill 99291 on the same date, or remove line {n}. The one exception CMS makes: 99292 is paid without 99291 on this claim when a physician of the same group and specialty billed 99291 for the patient that day (Medicare Claims Processing Manual, Pub. 100-04, Chapter 12, §30.6.12); that claim cannot be seen from this one: if so, keep the documentation and expect the contractor to match the two."
                            : $"Bill the primary procedure on the same date ({examples}), or remove line {n}."));
                    break;
                case AddOnEditType.ContractorPrimaries:
                    findings.Add(new NcciFinding(NcciFindingKind.AddOnContractorPrimaries, [n], null, edited, table.Source, null,
                        $"{Describe(lines[i], n)} is a type 2 add-on code: its primary codes are defined by the Medicare contractor (CCCCC).",
                        "Check the contractor's list of primaries for this add-on code; bill it with one of them."));
                    break;
                default:
                    findings.Add(new NcciFinding(NcciFindingKind.AddOnPrimaryNotListed, [n], null, edited, table.Source, null,
                        $"{Describe(lines[i], n)} is a type 3 add-on code and none of its listed primary codes is on the claim for {new IsoDate(date)}; the contractor may accept another primary.",
                        $"Bill it with a listed primary ({examples}) or one the contractor accepts, documented."));
                    break;
            }
        }
    }
}
