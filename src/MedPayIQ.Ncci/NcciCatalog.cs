using System.Collections.Immutable;
using System.Globalization;

namespace MedPayIQ.Ncci;

/// <summary>
/// NCCI tables of several quarterly versions side by side. For a date of service and a table it picks the latest
/// version effective on or before that date; before the first loaded version it uses the earliest one (every row
/// carries its own effective and deletion dates, which still decide). The parts (f1..f4) of one PTP version are
/// joined into one table. Immutable: a new quarter is a new catalog.
/// </summary>
public sealed class NcciCatalog
{
    private readonly ImmutableArray<NcciTable>[] _byKind;

    private NcciCatalog(ImmutableArray<NcciTable>[] byKind) => _byKind = byKind;

    /// <summary>A catalog of no tables.</summary>
    public static NcciCatalog Empty { get; } = Create([]);

    /// <summary>Creates a catalog; PTP parts of the same table and version are joined.</summary>
    /// <exception cref="ArgumentException">Two tables of the same kind and version that cannot be joined (MUE or add-on).</exception>
    public static NcciCatalog Create(IEnumerable<NcciTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var byKind = new ImmutableArray<NcciTable>[Enum.GetValues<NcciTableKind>().Length];
        foreach (var group in tables.GroupBy(t => t.Source.Kind))
        {
            var versions = new List<NcciTable>();
            foreach (var version in group.GroupBy(t => t.Source.EffectiveFrom).OrderBy(g => g.Key))
            {
                var parts = version.ToArray();
                if (parts.Length == 1)
                {
                    versions.Add(parts[0]);
                }
                else if (parts.All(p => p is PtpTable))
                {
                    versions.Add(Join(parts.Cast<PtpTable>().ToArray()));
                }
                else
                {
                    throw new ArgumentException($"Two {group.Key} tables take effect on {version.Key:yyyy-MM-dd}: {string.Join(", ", parts.Select(p => p.Source))}.", nameof(tables));
                }
            }

            byKind[(int)group.Key] = [.. versions];
        }

        for (int i = 0; i < byKind.Length; i++)
        {
            if (byKind[i].IsDefault)
            {
                byKind[i] = [];
            }
        }

        return new NcciCatalog(byKind);
    }

    /// <summary>
    /// This catalog and more tables: a new catalog (this one is unchanged). An MUE or add-on table given replaces this
    /// catalog's table of the same kind and first date of service (so CMS's file of the packaged MUE quarter replaces
    /// the packaged one); PTP parts join as in <see cref="Create"/>.
    /// </summary>
    public NcciCatalog With(IEnumerable<NcciTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var added = tables.ToList();
        var replaced = added.Where(t => t is not PtpTable).Select(t => (t.Source.Kind, t.Source.EffectiveFrom)).ToHashSet();
        return Create(Tables.Where(t => t is PtpTable || !replaced.Contains((t.Source.Kind, t.Source.EffectiveFrom))).Concat(added));
    }

    /// <summary>Every table, by kind then date.</summary>
    public IEnumerable<NcciTable> Tables => _byKind.SelectMany(t => t);

    /// <summary>The versions of one table, oldest first.</summary>
    public ImmutableArray<NcciTable> Versions(NcciTableKind kind) => _byKind[(int)kind];

    /// <summary>The version of a table in force on a date of service, and why; no table when none of that kind is loaded.</summary>
    /// <param name="kind">The table.</param>
    /// <param name="dateOfService">The date of service.</param>
    public NcciTableResolution<NcciTable> Resolve(NcciTableKind kind, DateOnly dateOfService)
    {
        var table = Find(kind, dateOfService, out string reason);
        return new NcciTableResolution<NcciTable>(table, reason);
    }

    /// <summary>The PTP table in force for a claim of this kind on a date (none for a DME supplier claim: there are no DME PTP edits).</summary>
    /// <param name="claim">The kind of claim: practitioner or outpatient hospital.</param>
    /// <param name="dateOfService">The date of service.</param>
    public NcciTableResolution<PtpTable> ResolvePtp(NcciClaimKind claim, DateOnly dateOfService)
    {
        if (claim == NcciClaimKind.DmeSupplier)
        {
            return new NcciTableResolution<PtpTable>(null, "CMS publishes no PTP edits for DME supplier claims");
        }

        var table = Find(claim == NcciClaimKind.OutpatientHospital ? NcciTableKind.PtpHospital : NcciTableKind.PtpPractitioner, dateOfService, out string reason);
        return new NcciTableResolution<PtpTable>((PtpTable?)table, reason);
    }

    /// <summary>The MUE table in force for a claim of this kind on a date.</summary>
    /// <param name="claim">The kind of claim: practitioner, outpatient hospital or DME supplier.</param>
    /// <param name="dateOfService">The date of service.</param>
    public NcciTableResolution<MueTable> ResolveMue(NcciClaimKind claim, DateOnly dateOfService)
    {
        var kind = claim switch
        {
            NcciClaimKind.OutpatientHospital => NcciTableKind.MueHospital,
            NcciClaimKind.DmeSupplier => NcciTableKind.MueDme,
            _ => NcciTableKind.MuePractitioner,
        };
        var table = Find(kind, dateOfService, out string reason);
        return new NcciTableResolution<MueTable>((MueTable?)table, reason);
    }

    /// <summary>The add-on code table in force on a date.</summary>
    /// <param name="dateOfService">The date of service.</param>
    public NcciTableResolution<AddOnTable> ResolveAddOn(DateOnly dateOfService)
    {
        var table = Find(NcciTableKind.AddOn, dateOfService, out string reason);
        return new NcciTableResolution<AddOnTable>((AddOnTable?)table, reason);
    }

    private NcciTable? Find(NcciTableKind kind, DateOnly dateOfService, out string reason)
    {
        var versions = _byKind[(int)kind];
        if (versions.IsEmpty)
        {
            reason = $"no {kind} table is loaded";
            return null;
        }

        NcciTable? best = null;
        foreach (var t in versions)
        {
            if (t.Source.EffectiveFrom <= dateOfService)
            {
                best = t;
            }
        }

        if (best is null)
        {
            best = versions[0];
            reason = string.Create(CultureInfo.InvariantCulture, $"{best.Source} takes effect {best.Source.EffectiveFrom:yyyy-MM-dd}, after {dateOfService:yyyy-MM-dd}; the earliest version loaded is used, and its rows' own dates decide");
            return best;
        }

        reason = string.Create(CultureInfo.InvariantCulture, $"{best.Source}, in effect from {best.Source.EffectiveFrom:yyyy-MM-dd}");
        return best;
    }

    private static PtpTable Join(PtpTable[] parts)
    {
        var first = parts[0].Source;
        var source = first with
        {
            FileNames = [.. parts.SelectMany(p => p.Source.FileNames)],
            Length = parts.Sum(p => p.Source.Length),
            Sha256 = string.Join(' ', parts.Select(p => p.Source.Sha256)),
        };
        return new PtpTable(source, PtpTableBuilder.Build([.. parts.Select(p => p.DecodeAll())], string.Join(", ", source.FileNames)));
    }
}

/// <summary>The version of an NCCI table in force on a date of service, and why it was chosen (or why there is none).</summary>
/// <typeparam name="TTable">The kind of table.</typeparam>
/// <param name="Table">The table; <c>null</c> when none of its kind is loaded.</param>
/// <param name="Reason">Which version and why, or why there is none.</param>
public readonly record struct NcciTableResolution<TTable>(TTable? Table, string Reason)
    where TTable : NcciTable
{
    /// <summary>Whether a table was found.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Table))]
    public bool Found => Table is not null;
}
