namespace MedPayIQ.Ncci;

/// <summary>
/// The NCCI tables packaged with MedPayIQ.Ncci: CMS's add-on code edits, version 2026Q2 (effective 2026-04-01; the
/// rows' own effective and deletion dates reach back to 2013). PTP and MUE tables are large and change each quarter:
/// load CMS's files with <see cref="NcciLoader"/>.
/// </summary>
public static class PackagedNcci
{
    private const string AddOnResource = "MedPayIQ.Ncci.AOC_V2026Q2-MCR.csv";
    private static readonly Lazy<AddOnTable> LazyAddOns = new(LoadAddOns, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<NcciCatalog> LazyCatalog = new(() => NcciCatalog.Create([LazyAddOns.Value]), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The packaged add-on code edits (loaded once, on first use).</summary>
    public static AddOnTable AddOnEdits => LazyAddOns.Value;

    /// <summary>A catalog of the packaged tables.</summary>
    public static NcciCatalog Catalog => LazyCatalog.Value;

    private static AddOnTable LoadAddOns()
    {
        using var stream = typeof(PackagedNcci).Assembly.GetManifestResourceStream(AddOnResource)
            ?? throw new InvalidOperationException($"The packaged resource {AddOnResource} is missing from {typeof(PackagedNcci).Assembly.GetName().Name}.");
        return (AddOnTable)NcciLoader.Load(stream, "AOC_V2026Q2-MCR.csv")[0];
    }
}
