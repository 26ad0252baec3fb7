using System.IO.Compression;

namespace MedPayIQ.Ncci.Tests;

/// <summary>
/// <see cref="NcciAdmission"/>: CMS's PTP, MUE and add-on code files cut at line breaks through the file and just
/// before its end are refused against another copy of the same version (the packaged MUE and add-on tables; the whole
/// PTP excerpt), with the counts in the message, or hold every row.
/// </summary>
public sealed class NcciAdmissionTests
{
    private static string Repo(params string[] path)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!System.IO.File.Exists(Path.Combine(dir!.FullName, "MedPayIQ.Pricing.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir.FullName, .. path]);
    }

    private static byte[] Gunzip(string path)
    {
        using var gz = new GZipStream(System.IO.File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    public static TheoryData<string> Files() => ["MUE", "AOC", "PTP"];

    private static (byte[] Bytes, string Name) Read(string kind) => kind switch
    {
        "MUE" => (Gunzip(Repo("src", "MedPayIQ.Ncci", "data", "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv.gz")), "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"),
        "AOC" => (System.IO.File.ReadAllBytes(Repo("src", "MedPayIQ.Ncci", "data", "AOC_V2026Q2-MCR.csv")), "AOC_V2026Q2-MCR.csv"),
        _ => (System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "ccipra-v322r0-f1.excerpt.txt")), "ccipra-v322r0-f1.txt"),
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_file_cut_at_a_line_break_is_refused_against_a_copy_of_its_version(string kind)
    {
        var (bytes, name) = Read(kind);
        var whole = NcciLoader.Load(new MemoryStream(bytes), name);
        var reference = kind == "PTP" ? whole : [.. PackagedNcci.Catalog.Tables.Where(t => t.Source.Version == whole[0].Source.Version && t.Source.Kind == whole[0].Source.Kind)];
        Assert.Single(reference);
        Assert.Empty(NcciAdmission.Check(whole, reference));

        var breaks = Enumerable.Range(0, bytes.Length - 1).Where(i => bytes[i] == (byte)'\n').ToArray();
        int refused = 0;
        foreach (int at in Enumerable.Range(1, 5).Select(k => breaks[breaks.Length * k / 6]).Concat(breaks[^2..]).Distinct())
        {
            System.Collections.Immutable.ImmutableArray<NcciTable> cut;
            try
            {
                cut = NcciLoader.Load(new MemoryStream(bytes[..(at + 1)]), name);
            }
            catch (NcciFormatException)
            {
                refused++;
                continue;
            }

            if (cut[0].Count == whole[0].Count)
            {
                continue; // only the file's trailing blank line was cut
            }

            var refusals = NcciAdmission.Check(cut, reference);
            Assert.False(refusals.IsEmpty, $"{name} cut to {at + 1} of {bytes.Length} bytes ({cut[0].Count} of {whole[0].Count} rows) was admitted");
            Assert.Matches(@"\d[\d,]* rows", refusals[0]);
            refused++;
            Assert.Throws<NcciFormatException>(() => NcciAdmission.ThrowIfRefused(cut, reference));
        }

        Assert.True(refused >= 5, $"{refused} cuts refused");
    }

    [Fact]
    public void A_new_version_with_far_fewer_rows_than_the_one_it_follows_is_refused()
    {
        var (bytes, _) = Read("MUE");
        var breaks = Enumerable.Range(0, bytes.Length - 1).Where(i => bytes[i] == (byte)'\n').ToArray();
        var half = NcciLoader.Load(new MemoryStream(bytes[..(breaks[breaks.Length / 2] + 1)]), "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv");
        var packaged = PackagedNcci.Catalog.Versions(NcciTableKind.MuePractitioner);
        var refusals = NcciAdmission.Check(half, packaged);
        Assert.Contains(refusals, r => r.Contains("the version it follows", StringComparison.Ordinal) && r.Contains($"{packaged[0].Count:N0}", StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => NcciAdmission.Check(half, packaged, sameVersionShare: 1.5m));
    }
}
