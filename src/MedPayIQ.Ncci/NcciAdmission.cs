using System.Collections.Immutable;
using System.Globalization;

namespace MedPayIQ.Ncci;

/// <summary>
/// Whether NCCI tables may go live: a file cut at a line break parses as a valid, smaller table whose missing edits
/// would silently not fire. A table is refused, with the row counts in the message, when it has materially fewer rows
/// than a reference of its kind (another copy of the same version, such as the packaged one, or the version it
/// replaces), or when it lacks the last row of a copy of the same version. The hosting package, the command-line
/// tool's <c>--data</c> and its data folder all admit NCCI files this way.
/// </summary>
public static class NcciAdmission
{
    /// <summary>Why each table is refused (empty when all are admitted), one sentence per finding with the counts.</summary>
    /// <param name="tables">The tables loaded.</param>
    /// <param name="references">Tables they must not fall short of: the packaged tables, those loaded before.</param>
    /// <param name="sameVersionShare">The share of a copy of the same version's rows a table must have (default 0.99).</param>
    /// <param name="previousVersionShare">The share of the previous version's rows a new version must have (default 0.9: CMS's quarterly changes are a few percent).</param>
    /// <exception cref="ArgumentOutOfRangeException">A share is below 0 or above 1.</exception>
    public static ImmutableArray<string> Check(IEnumerable<NcciTable> tables, IEnumerable<NcciTable> references, decimal sameVersionShare = 0.99m, decimal previousVersionShare = 0.9m)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentOutOfRangeException.ThrowIfNegative(sameVersionShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sameVersionShare, 1m);
        ArgumentOutOfRangeException.ThrowIfNegative(previousVersionShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(previousVersionShare, 1m);
        var refs = references.ToList();
        var refusals = new List<string>();
        foreach (var table in tables)
        {
            var mine = refs.Where(r => !ReferenceEquals(r, table) && r.Source.Kind == table.Source.Kind).ToList();
            foreach (var same in mine.Where(r => r.Source.Version == table.Source.Version && r.Source.EffectiveFrom == table.Source.EffectiveFrom))
            {
                Compare(table, same, sameVersionShare, "a copy of the same version", refusals);
                if (LastKey(same) is { } last && table.Count < same.Count && !Keys(table).Contains(last))
                {
                    refusals.Add(string.Create(CultureInfo.InvariantCulture, $"{table.Source} ({table.Count:N0} rows) lacks {last}, the last row of {same.Source} ({same.Count:N0} rows): the file looks cut short."));
                }
            }

            var previous = mine.Where(r => r.Source.EffectiveFrom < table.Source.EffectiveFrom).MaxBy(r => r.Source.EffectiveFrom);
            if (previous is not null && previousVersionShare > 0m)
            {
                Compare(table, previous, previousVersionShare, "the version it follows", refusals);
            }
        }

        return [.. refusals.Distinct()];
    }

    /// <summary>Throws when <see cref="Check"/> refuses a table.</summary>
    /// <param name="tables">The tables loaded.</param>
    /// <param name="references">Tables they must not fall short of.</param>
    /// <param name="sameVersionShare">As <see cref="Check"/>'s.</param>
    /// <param name="previousVersionShare">As <see cref="Check"/>'s (0: a new version is not compared with the one it follows).</param>
    /// <exception cref="NcciFormatException">A table is refused; the message gives every reason, with the row counts.</exception>
    public static void ThrowIfRefused(IEnumerable<NcciTable> tables, IEnumerable<NcciTable> references, decimal sameVersionShare = 0.99m, decimal previousVersionShare = 0.9m)
    {
        var refusals = Check(tables, references, sameVersionShare, previousVersionShare);
        if (!refusals.IsEmpty)
        {
            throw new NcciFormatException("NCCI tables refused: " + string.Join(" ", refusals));
        }
    }

    private static void Compare(NcciTable table, NcciTable reference, decimal share, string what, List<string> refusals)
    {
        if (reference.Count > 0 && table.Count < reference.Count * share)
        {
            refusals.Add(string.Create(CultureInfo.InvariantCulture,
                $"{table.Source} has {table.Count:N0} rows where {reference.Source}, {what}, has {reference.Count:N0} (at least {Math.Ceiling(reference.Count * share):N0} expected): a file cut short, such as a copy still being written, loads as a smaller table."));
        }
    }

    private static string? LastKey(NcciTable table) => table switch
    {
        MueTable mue when mue.Count > 0 => mue.Rows[^1].Hcpcs.ToString(),
        AddOnTable aoc when aoc.Count > 0 => $"{aoc.Rows[^1].AddOn}/{aoc.Rows[^1].Primary}",
        PtpTable ptp when ptp.Count > 0 => ptp.Rows.Select(e => $"{e.Column1}/{e.Column2}").Max(StringComparer.Ordinal),
        _ => null,
    };

    private static HashSet<string> Keys(NcciTable table) => table switch
    {
        MueTable mue => [.. mue.Rows.Select(r => r.Hcpcs.ToString())],
        AddOnTable aoc => [.. aoc.Rows.Select(r => $"{r.AddOn}/{r.Primary}")],
        PtpTable ptp => [.. ptp.Rows.Select(e => $"{e.Column1}/{e.Column2}")],
        _ => [],
    };
}
