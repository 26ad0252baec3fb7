using System.IO.Compression;

namespace MedPayIQ.Ncci;

/// <summary>
/// The NCCI tables packaged with MedPayIQ.Ncci: CMS's add-on code edits, version 2026Q2 (effective 2026-04-01; the
/// rows' own effective and deletion dates reach back to 2013), and CMS's practitioner services MUE table effective
/// 2026-04-01 (15,095 codes). PTP tables are large and change each quarter: load CMS's files (or a compiled snapshot)
/// with <see cref="NcciLoader"/>.
/// </summary>
public static class PackagedNcci
{
    private const string AddOnResource = "MedPayIQ.Ncci.AOC_V2026Q2-MCR.csv";
    private const string MueResource = "MedPayIQ.Ncci.MCR_MUE_PractitionerServices_Eff_04-01-2026.csv.gz";
    private static readonly Lazy<AddOnTable> LazyAddOns = new(LoadAddOns, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<MueTable> LazyMue = new(LoadMue, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<NcciCatalog> LazyCatalog = new(() => NcciCatalog.Create([LazyAddOns.Value, LazyMue.Value]), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The packaged add-on code edits (loaded once, on first use).</summary>
    public static AddOnTable AddOnEdits => LazyAddOns.Value;

    /// <summary>The packaged practitioner services MUE table, effective 2026-04-01 (loaded once, on first use).</summary>
    public static MueTable PractitionerMue => LazyMue.Value;

    /// <summary>A catalog of the packaged tables.</summary>
    public static NcciCatalog Catalog => LazyCatalog.Value;

    private static Stream Resource(string name)
        => typeof(PackagedNcci).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The packaged resource {name} is missing from {typeof(PackagedNcci).Assembly.GetName().Name}.");

    private static AddOnTable LoadAddOns()
    {
        using var stream = Resource(AddOnResource);
        return (AddOnTable)NcciLoader.Load(stream, "AOC_V2026Q2-MCR.csv")[0];
    }

    private static MueTable LoadMue()
    {
        using var stream = new GZipStream(Resource(MueResource), CompressionMode.Decompress);
        return (MueTable)NcciLoader.Load(stream, "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv")[0];
    }
}
