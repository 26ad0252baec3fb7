using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using MedPayIQ.Cli.Data;
using MedPayIQ.Cli.Json;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>Every test of this assembly runs with an empty data folder unless it names one: a user's own downloads never change an answer here.</summary>
internal static class NoUserData
{
    [ModuleInitializer]
    internal static void Initialize()
        => Environment.SetEnvironmentVariable(UserDataFolder.EnvironmentVariable, Path.Combine(Path.GetTempPath(), $"medpayiq-tests-no-data-{Environment.ProcessId}"));
}

/// <summary>
/// <c>medpayiq data add/list/remove</c> in a temporary folder: round trips, the commands using what was added, and a
/// corpus of corrupt downloads each refused with a precise message and nothing half-added.
/// </summary>
public sealed class DataFolderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("medpayiq-data-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string DataDir => Path.Combine(_dir.FullName, "data");

    private (int Exit, string Out, string Err) Run(params string[] args) => CliRun.InProcess([.. args, "--data-dir", DataDir]);

    private static byte[] Packaged(string entry)
    {
        using var s = typeof(MedPayIQ.Pricing.Data.PackagedFeeSchedules).Assembly.GetManifestResourceStream("MedPayIQ.Pricing.Data.cms.zip")!;
        using var zip = new ZipArchive(s);
        using var e = zip.GetEntry(entry)!.Open();
        using var ms = new MemoryStream();
        e.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>An RVU26B download as a zip: its text file and the year's GPCI, LOCCO, ANES and OPPSCAP files, with a readme.</summary>
    private string Zip(string name, params (string Name, byte[] Bytes)[] files)
    {
        var path = Path.Combine(_dir.FullName, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (n, bytes) in files)
        {
            using var s = zip.CreateEntry(n).Open();
            s.Write(bytes);
        }

        return path;
    }

    private static (string, byte[])[] Rvu26BFiles(byte[]? rvu = null) =>
    [
        ("PPRRVU2026_Apr_nonQPP.txt", rvu ?? Packaged("RVU26B/PPRRVU2026_Apr_nonQPP.txt")),
        ("GPCI2026.csv", Packaged("2026/GPCI2026.csv")),
        ("26LOCCO.csv", Packaged("2026/26LOCCO.csv")),
        ("ANES2026.csv", Packaged("2026/ANES2026.csv")),
        ("RVU26B-readme.pdf", Encoding.ASCII.GetBytes("%PDF-1.4 readme")),
    ];

    [Fact]
    public void Add_list_use_and_remove_round_trip()
    {
        var zip = Zip("RVU26B.zip", Rvu26BFiles());
        var (exit, output, error) = Run("data", "add", zip);
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.StartsWith("added RVU26B (effective 2026-04-01, CF 33.4009, 19,277 RVU rows, 109 localities) from RVU26B.zip (sha256 ", output, StringComparison.Ordinal);
        var stored = Path.Combine(DataDir, "releases", "RVU26B");
        Assert.Equal(["26LOCCO.csv", "ANES2026.csv", "GPCI2026.csv", "PPRRVU2026_Apr_nonQPP.txt", UserDataFolder.SourceFile],
            Directory.EnumerateFiles(stored).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Packaged("RVU26B/PPRRVU2026_Apr_nonQPP.txt"), File.ReadAllBytes(Path.Combine(stored, "PPRRVU2026_Apr_nonQPP.txt")));
        Assert.DoesNotContain(Directory.EnumerateDirectories(DataDir), d => Path.GetFileName(d).StartsWith('.'));

        var (_, list, _) = Run("data", "list");
        Assert.Contains("RVU26B  effective 2026-04-01  from RVU26B.zip  sha256 " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(zip))), list, StringComparison.Ordinal);

        // Every command uses it, beside the packaged releases, and says where it came from.
        var (_, price, _) = Run("price", "99213", "--national", "--date", "2026-05-01");
        Assert.Contains($"Release RVU26B ({stored})", price, StringComparison.Ordinal);
        var (_, releases, _) = Run("releases");
        Assert.Contains($"from {stored}", releases, StringComparison.Ordinal);
        Assert.Contains("note: From the MedPayIQ data folder", releases, StringComparison.Ordinal);
        Assert.Contains("RVU26C  effective 2026-07-01", releases, StringComparison.Ordinal);

        // The same download again: nothing to do.
        var (again, againOut, _) = Run("data", "add", zip);
        Assert.Equal(0, again);
        Assert.Equal("RVU26B is already in the data folder with the same files (RVU26B.zip); nothing added.", againOut.TrimEnd());

        var (removed, removedOut, _) = Run("data", "remove", "RVU26B");
        Assert.Equal(0, removed);
        Assert.Contains("removed RVU26B", removedOut, StringComparison.Ordinal);
        Assert.False(Directory.Exists(stored));
        var (_, after, _) = Run("price", "99213", "--national", "--date", "2026-05-01");
        Assert.Contains("Release RVU26B (MedPayIQ.Pricing.Data (RVU26B))", after, StringComparison.Ordinal);
        var (missing, _, missingError) = Run("data", "remove", "RVU26B");
        Assert.Equal(2, missing);
        Assert.Contains("data remove: RVU26B is not in the data folder", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_provenance_file_records_the_source_its_sha256_each_file_and_when_it_was_added()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.Zero));
        var folder = new UserDataFolder(DataDir, time);
        var zip = Zip("RVU26B.zip", Rvu26BFiles());
        folder.Add([zip]);
        var source = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder.Releases, "RVU26B", UserDataFolder.SourceFile)), CliJsonContext.Default.DataSourceJson)!;
        Assert.Equal("RVU26B", source.Release);
        Assert.Equal("RVU26B.zip", source.Source);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(zip))), source.SourceSha256);
        Assert.Equal(time.GetUtcNow(), source.AddedAt);
        Assert.Equal(4, source.Files.Length);
        Assert.Contains(source.Files, f => f.Name == "PPRRVU2026_Apr_nonQPP.txt" && f.Sha256 == "4f1443cb220cdd8b2b07c499cdbc8607dcf695affa3c3d88379c7c0c9bb941ea" && f.Length == 3_316_001);
        Assert.Contains("added 2026-11-30 09:15:00Z from RVU26B.zip", folder.Load().Single().Provenance.Notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_folder_is_the_option_else_the_environment_variable_else_the_per_user_data_folder()
    {
        Assert.Equal(Path.GetFullPath(DataDir), UserDataFolder.Resolve(new DirectoryInfo(DataDir), TimeProvider.System).Root);
        Assert.Equal(Environment.GetEnvironmentVariable(UserDataFolder.EnvironmentVariable), UserDataFolder.Resolve(null, TimeProvider.System).Root);
    }

    public static TheoryData<string, string> CorruptDownloads => new()
    {
        { "truncated", "RVU26B.zip (" },
        { "not-a-zip", "is not a whole zip archive (a download cut short, or not a zip): " },
        { "other-content", "RVU26B.zip is neither a CMS RVU release nor an NCCI file, zip or snapshot MedPayIQ reads: RVU26B.zip: the archive holds no NCCI file (ccipra-/ccioph- PTP text, MCR_MUE_ CSV, AOC_ CSV)" },
        { "pdf-only", "RVU26B.zip holds no CMS RVU file (PPRRVU*.csv or PPRRVU*.txt): it is not an RVU release zip; it holds RVU26BR.pdf." },
        { "bad-ncci", "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv is neither a CMS RVU release nor an NCCI file, zip or snapshot MedPayIQ reads: " },
        { "empty-zip", "RVU26B.zip holds no CMS RVU file (PPRRVU*.csv or PPRRVU*.txt): it is not an RVU release zip (it is empty)." },
        { "record-cut", "RVU26B.zip is not a whole CMS RVU release: PPRRVU2026_Apr_nonQPP.txt line 19284: " },
        { "csv-cut", "RVU26B.zip looks cut short: GPCI2026.csv does not end with a line break" },
        { "bad-anes", "RVU26B.zip is not a whole CMS RVU release: ANES2026.csv line 2, column 5 (Non-Qualifying APM Anes CF)" },
    };

    [Theory]
    [MemberData(nameof(CorruptDownloads))]
    public void A_corrupt_download_is_refused_with_a_precise_message_and_nothing_is_added(string kind, string expected)
    {
        var good = Zip("RVU26A-ok.zip", [("PPRRVU2026_Jan_nonQPP.csv", Packaged("RVU26A/PPRRVU2026_Jan_nonQPP.csv"))]);
        var rvu = Packaged("RVU26B/PPRRVU2026_Apr_nonQPP.txt");
        string path = kind switch
        {
            "truncated" => Cut(Zip("RVU26B.zip", Rvu26BFiles()), 0.6),
            "not-a-zip" => Write("RVU26B.zip", Encoding.ASCII.GetBytes("<html><body>503 Service Unavailable</body></html>")),
            "other-content" => Zip("RVU26B.zip", ("readme.txt", [1, 2]), ("notes.docx", [3])),
            "pdf-only" => Zip("RVU26B.zip", ("RVU26BR.pdf", [1, 2])),
            "bad-ncci" => Write("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", Encoding.ASCII.GetBytes("HCPCS,MUE\r\n99213,x\r\n")),
            "empty-zip" => Zip("RVU26B.zip"),
            "record-cut" => Zip("RVU26B.zip", Rvu26BFiles(rvu[..^40])),
            "csv-cut" => Zip("RVU26B.zip", [.. Rvu26BFiles().Select(f => f.Item1 == "GPCI2026.csv" ? (f.Item1, CutCsv(f.Item2)) : f)]),
            "bad-anes" => Zip("RVU26B.zip", [.. Rvu26BFiles().Select(f => f.Item1 == "ANES2026.csv" ? (f.Item1, Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(f.Item2).Replace(",19.53", ",19.5x", StringComparison.Ordinal))) : f)]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        // Given with a good download: neither is added.
        var (exit, output, error) = Run("data", "add", good, path);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("medpayiq: data add: ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Path.Combine(DataDir, "releases")) && Directory.EnumerateFileSystemEntries(Path.Combine(DataDir, "releases")).Any());
    }

    [Fact]
    public void A_release_already_added_with_other_bytes_is_refused_naming_the_file_and_both_hashes()
    {
        Assert.Equal(0, Run("data", "add", Zip("RVU26B.zip", Rvu26BFiles())).Exit);
        var rvu = Packaged("RVU26B/PPRRVU2026_Apr_nonQPP.txt");
        var changed = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(rvu).Replace("Biobrane", "BIOBRANE", StringComparison.Ordinal));
        var other = Zip("RVU26B-again.zip", Rvu26BFiles(changed));
        var (exit, _, error) = Run("data", "add", other);
        Assert.Equal(2, exit);
        Assert.Contains($"data add: release RVU26B is already in the data folder ({Path.Combine(DataDir, "releases", "RVU26B")}) with different files: PPRRVU2026_Apr_nonQPP.txt there has sha256 4f1443cb220cdd8b2b07c499cdbc8607dcf695affa3c3d88379c7c0c9bb941ea, in RVU26B-again.zip {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(changed))}. Remove it first (medpayiq data remove RVU26B) to replace it.", error, StringComparison.Ordinal);
        Assert.Equal(rvu, File.ReadAllBytes(Path.Combine(DataDir, "releases", "RVU26B", "PPRRVU2026_Apr_nonQPP.txt")));
    }

    [Fact]
    public void A_ZIP_code_file_added_on_its_own_is_used_by_releases_without_one_and_said_in_their_provenance()
    {
        // RVU26B as CMS ships it: no ZIP5 file in the RVU zip (CMS publishes the ZIP code file apart).
        Assert.Equal(0, Run("data", "add", Zip("RVU26B.zip", Rvu26BFiles())).Exit);
        var zip5 = Path.Combine(_dir.FullName, "ZIP5_OCT2025.txt");
        File.WriteAllBytes(zip5, Packaged("zip/ZIP5_OCT2025.txt"));
        var (exit, output, error) = Run("data", "add", zip5);
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.StartsWith("added ZIP code file ZIP5_OCT2025.txt (42,956 ZIP codes, sha256 ", output, StringComparison.Ordinal);
        Assert.Contains("ZIP5_OCT2025.txt  ZIP codes for releases without a ZIP5 file  from ZIP5_OCT2025.txt", Run("data", "list").Out, StringComparison.Ordinal);

        var (_, price, _) = Run("price", "99213", "--zip", "99501", "--date", "2026-05-04");
        Assert.Contains("02102/01", price, StringComparison.Ordinal);
        var (_, releases, _) = Run("releases");
        Assert.Contains($"ZIP5_OCT2025.txt (ZIP5, sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(zip5)))}) is taken from {Path.Combine(DataDir, "zip", "ZIP5_OCT2025.txt")}: RVU26B from ", releases, StringComparison.Ordinal);

        Assert.Equal(0, Run("data", "remove", "ZIP5_OCT2025.txt").Exit);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(DataDir, "zip")));
    }

    [Fact]
    public void A_ZIP_code_file_cut_short_is_refused_with_its_count_and_nothing_added()
    {
        var bytes = Packaged("zip/ZIP5_OCT2025.txt");
        var zip5 = Path.Combine(_dir.FullName, "ZIP5_OCT2025.txt");
        File.WriteAllBytes(zip5, bytes[..(Array.LastIndexOf(bytes, (byte)'\n', bytes.Length / 2) + 1)]);
        var (exit, _, error) = Run("data", "add", zip5);
        Assert.Equal(2, exit);
        Assert.Matches(@"ZIP5_OCT2025\.txt has [\d,]+ ZIP codes where the packaged 20254 file has 42,956: it looks cut short", error);
        Assert.False(Directory.Exists(Path.Combine(DataDir, "zip")));
    }

    [Fact]
    public void A_release_cut_at_a_line_break_is_refused_by_data_add_and_by_data_with_the_row_counts()
    {
        var bytes = Packaged("RVU26C/PPRRVU2026_Jul_nonQPP.csv");
        var cut = bytes[..(Array.LastIndexOf(bytes, (byte)'\n', bytes.Length * 2 / 3) + 1)];
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "cms", "RVU26C")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "PPRRVU2026_Jul_nonQPP.csv"), cut);

        var (exit, _, error) = Run("--data", Path.GetDirectoryName(folder)!, "price", "99213", "--national", "--date", "2026-07-06");
        Assert.Equal(2, exit);
        Assert.Matches(@"RVU26C from .+ is refused: PPRRVU2026_Jul_nonQPP\.csv has [\d,]+ rows where PPRRVU2026_Jul_nonQPP\.csv of RVU26C from MedPayIQ\.Pricing\.Data \(RVU26C\) has 19,\d{3} \(at least 19,\d{3} expected\)", error);

        var (addExit, _, addError) = Run("data", "add", folder);
        Assert.Equal(2, addExit);
        Assert.Contains("data add: RVU26C from ", addError, StringComparison.Ordinal);
        Assert.Contains(" rows where ", addError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(DataDir, "releases", "RVU26C")));
    }

    [Fact]
    public void NCCI_files_are_added_used_by_the_commands_and_removed_by_name()
    {
        var mue = Path.Combine(AppContext.BaseDirectory, "data", "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv");
        var (exit, output, error) = Run("data", "add", mue);
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.StartsWith("added NCCI MuePractitioner ", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(DataDir, "ncci", "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv")));
        var (_, list, _) = Run("data", "list");
        Assert.Contains("1 NCCI file", list, StringComparison.Ordinal);

        var (_, price, _) = Run("price", "99213", "--national", "--date", "2026-07-06");
        Assert.Contains("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv", price, StringComparison.Ordinal);

        var (again, againOut, _) = Run("data", "add", mue);
        Assert.Equal(0, again);
        Assert.Contains("already in the data folder with the same bytes", againOut, StringComparison.Ordinal);

        Assert.Equal(0, Run("data", "remove", "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv").Exit);
        var (_, after, _) = Run("price", "99213", "--national", "--date", "2026-07-06");
        Assert.DoesNotContain("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv", after, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(DataDir, "ncci")));
    }

    [Fact]
    public void An_extracted_folder_is_added_as_the_zip_is()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "RVU26A"));
        File.WriteAllBytes(Path.Combine(folder.FullName, "PPRRVU2026_Jan_nonQPP.csv"), Packaged("RVU26A/PPRRVU2026_Jan_nonQPP.csv"));
        File.WriteAllBytes(Path.Combine(folder.FullName, "PPRRVU2026_Jan_QPP.csv"), Packaged("RVU26A/PPRRVU2026_Jan_QPP.csv"));
        File.WriteAllBytes(Path.Combine(folder.FullName, "GPCI2026.csv"), Packaged("2026/GPCI2026.csv"));
        var (exit, output, error) = Run("data", "add", folder.FullName);
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.StartsWith("added RVU26A (effective 2026-01-01, CF 33.4009, 19,226 RVU rows, 109 localities, with its QPP file) from RVU26A (sha256 ", output, StringComparison.Ordinal);
        var (_, fees, _) = Run("fees", "--release", "RVU26A", "--carrier", "01182", "--locality", "18", "--qp");
        Assert.Contains("\"2026\",\"01182\",\"18\",\"99213\",\"  \",\"0000105.41\",\"0000060.54\",", fees, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Cut(string path, double share)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * share)]);
        return path;
    }

    /// <summary>A download stopped inside the file's last line (its closing commas and line break never came).</summary>
    private static byte[] CutCsv(byte[] csv) => csv[..^3];
}
