namespace MedPayIQ.Pricing.Tests;

/// <summary>Files copied into the repository with provenance (tests/MedPayIQ.Pricing.Tests/data/PROVENANCE.md).</summary>
internal static class TestData
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "data", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    /// <summary>The packaged copy of a CMS file, read back out of the data package's resource.</summary>
    public static byte[] Packaged(string entry)
    {
        using var s = typeof(PackagedFeeSchedules).Assembly.GetManifestResourceStream("MedPayIQ.Pricing.Data.cms.zip")!;
        using var zip = new System.IO.Compression.ZipArchive(s);
        using var e = zip.GetEntry(entry)!.Open();
        using var ms = new MemoryStream();
        e.CopyTo(ms);
        return ms.ToArray();
    }

    public static FeeScheduleRelease Rvu25A => PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25A"));
    public static FeeScheduleRelease Rvu25D => PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D"));
    public static FeeScheduleRelease Rvu26C => PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C"));
}
