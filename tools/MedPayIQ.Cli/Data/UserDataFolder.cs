using System.Collections.Immutable;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using MedPayIQ.Cli.Json;
using MedPayIQ.Cli.Options;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Data;

/// <summary>
/// The per-user folder of CMS downloads that <c>medpayiq data add</c> fills: each RVU release, validated with the
/// loaders, in <c>releases/RVUxxX/</c>; the CLFS, DMEPOS, PEN, DMEPOS ZIP code, former-CBA and ASP files in
/// <c>schedules/</c> (the CMS files it uses, byte for byte) with <c>medpayiq-source.json</c> beside
/// them (the download's name and SHA-256, when it was added, each file's SHA-256). Every command prices with these
/// releases beside the packaged ones; a release added with the id of a packaged one replaces it. The hosting package
/// reads the same <c>releases</c> folder (<c>MedPayIQOptions.ReleasesFolder</c>).
/// </summary>
internal sealed partial class UserDataFolder
{
    /// <summary>The environment variable that moves the folder (<c>--data-dir</c> wins over it).</summary>
    public const string EnvironmentVariable = "MEDPAYIQ_DATA_DIR";

    /// <summary>The provenance file written beside a release's CMS files.</summary>
    public const string SourceFile = "medpayiq-source.json";

    private readonly TimeProvider _time;

    public UserDataFolder(string root, TimeProvider time)
    {
        Root = Path.GetFullPath(root);
        _time = time;
    }

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>Where the releases are.</summary>
    public string Releases => Path.Combine(Root, "releases");

    /// <summary>Where the NCCI files, zips and snapshots are (loaded together, as <c>--data</c> loads a folder's).</summary>
    public string Ncci => Path.Combine(Root, "ncci");

    /// <summary>Where CMS's ZIP code files (ZIP5_xxx.txt) are: releases that lack one use the newest added.</summary>
    public string ZipCodes => Path.Combine(Root, "zip");

    /// <summary>The ZIP code files added, by name, with their provenance.</summary>
    public ImmutableArray<(string Path, DataSourceJson? Source)> ListZipCodes()
        => Directory.Exists(ZipCodes)
            ? [.. Directory.EnumerateFiles(ZipCodes).Where(f => !f.EndsWith(NcciSourceSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                .Select(f => (f, File.Exists(f + NcciSourceSuffix) ? JsonSerializer.Deserialize(File.ReadAllBytes(f + NcciSourceSuffix), CliJsonContext.Default.DataSourceJson) : null))]
            : [];

    /// <summary>The NCCI files added, by name, with their provenance.</summary>
    public ImmutableArray<(string Path, DataSourceJson? Source)> ListNcci()
        => Directory.Exists(Ncci)
            ? [.. Directory.EnumerateFiles(Ncci).Where(f => !f.EndsWith(NcciSourceSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                .Select(f => (f, File.Exists(f + NcciSourceSuffix) ? JsonSerializer.Deserialize(File.ReadAllBytes(f + NcciSourceSuffix), CliJsonContext.Default.DataSourceJson) : null))]
            : [];

    private const string NcciSourceSuffix = ".medpayiq-source.json";

    /// <summary>
    /// The folder given with <c>--data-dir</c>, else <see cref="EnvironmentVariable"/>, else the platform's per-user data
    /// folder: <c>$XDG_DATA_HOME/medpayiq</c> (<c>~/.local/share/medpayiq</c>) on Linux, <c>%LOCALAPPDATA%\medpayiq</c> on
    /// Windows, <c>~/Library/Application Support/medpayiq</c> on macOS.
    /// </summary>
    public static UserDataFolder Resolve(DirectoryInfo? given, TimeProvider time)
    {
        if (given is not null)
        {
            return new UserDataFolder(given.FullName, time);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return new UserDataFolder(fromEnvironment, time);
        }

        var xdg = OperatingSystem.IsLinux() ? Environment.GetEnvironmentVariable("XDG_DATA_HOME") : null;
        var baseFolder = xdg is { Length: > 0 } && Path.IsPathRooted(xdg) ? xdg : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return new UserDataFolder(Path.Combine(baseFolder, "medpayiq"), time);
    }

    /// <summary>The releases added, oldest first, with their provenance.</summary>
    public ImmutableArray<(ReleaseLocation Location, DataSourceJson? Source)> List()
    {
        if (!Directory.Exists(Releases))
        {
            return [];
        }

        return [.. ReleaseFolder.Find(Releases).Select(r => (r, ReadSource(r.Path)))];
    }

    /// <summary>
    /// The releases added, loaded, each with a note saying where it came from and admitted against the packaged release
    /// of its id; a release without a ZIP5 file takes the newest ZIP code file added (<c>data add ZIP5_xxx.txt</c>), its
    /// provenance saying so.
    /// </summary>
    public IReadOnlyList<FeeScheduleRelease> Load()
    {
        var zips = ListZipCodes();
        var zipCodes = zips.IsEmpty ? null : FeeScheduleLoader.LoadZipCodes(zips.OrderBy(z => z.Source?.AddedAt).Last().Path);
        return [.. List().Select(x =>
        {
            var release = DataOption.Admit(x.Location.Load(new FeeScheduleLoadOptions
            {
                Notes = [x.Source is { } s
                    ? $"From the MedPayIQ data folder {Root}: added {s.AddedAt:yyyy-MM-dd HH:mm:ss}Z from {s.Source} (sha256 {s.SourceSha256})."
                    : $"From the MedPayIQ data folder {Root} (no {SourceFile})."],
            }));
            release = zipCodes is null ? release : release.WithZipCodes(zipCodes);

            // Then the files it still lacks from the best other source of its year, as the hosting package fills them.
            return MedPayIQ.Pricing.Data.PackagedFeeSchedules.WithMissingFiles(release);
        })];
    }

    private static DataSourceJson? ReadSource(string folder)
    {
        var path = Path.Combine(folder, SourceFile);
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), CliJsonContext.Default.DataSourceJson) : null;
    }

    /// <summary>
    /// Validates every download given, then stores them: nothing is written unless all are whole CMS RVU releases, and
    /// each release is written to a staging folder and moved into place in one step.
    /// </summary>
    /// <returns>One line per download: what was added, or that it was already there.</returns>
    /// <exception cref="UsageException">A download is not a whole RVU release, or a release already added has other bytes.</exception>
    public IReadOnlyList<string> Add(IEnumerable<string> paths)
    {
        var all = paths.ToList();
        var schedules = all.Where(p => File.Exists(p) && ScheduleFileLocation.KindOf(p) is not null).ToList();
        var scheduleStaged = schedules.Select(p => ValidateSchedule(p, ScheduleFileLocation.KindOf(p)!.Value)).ToList();
        all = [.. all.Except(schedules)];
        var zipCodes = all.Where(IsZipCodeDownload).ToList();
        var ncci = all.Except(zipCodes).Where(IsNcciDownload).ToList();
        var staged = all.Except(ncci).Except(zipCodes).Select(Validate).ToList();
        var zipStaged = zipCodes.Select(ValidateZipCodes).ToList();
        var ncciStaged = ValidateNcci(ncci);
        var ids = staged.GroupBy(s => s.Release.Id).FirstOrDefault(g => g.Count() > 1);
        if (ids is not null)
        {
            throw new UsageException($"data add: {string.Join(" and ", ids.Select(s => s.Source))} are both release {ids.Key}; add one.");
        }

        var messages = new List<string>();
        var toWrite = new List<Download>();
        foreach (var d in staged)
        {
            var target = Path.Combine(Releases, d.Release.Id.ToString());
            if (Directory.Exists(target))
            {
                var present = Directory.EnumerateFiles(target).Where(f => FeeScheduleFile.DetectKind(f) is not null)
                    .ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
                var differs = d.Files.FirstOrDefault(f => !present.TryGetValue(f.Name, out var sha) || sha != f.Sha256);
                if (differs is not null || present.Count != d.Files.Count)
                {
                    var what = differs is null
                        ? $"it holds {string.Join(", ", present.Keys.Except(d.Files.Select(f => f.Name)).Order(StringComparer.Ordinal))}, which {d.Source} does not"
                        : present.TryGetValue(differs.Name, out var sha)
                            ? $"{differs.Name} there has sha256 {sha}, in {d.Source} {differs.Sha256}"
                            : $"{differs.Name} of {d.Source} is not there";
                    throw new UsageException($"data add: release {d.Release.Id} is already in the data folder ({target}) with different files: {what}. Remove it first (medpayiq data remove {d.Release.Id}) to replace it.");
                }

                messages.Add($"{d.Release.Id} is already in the data folder with the same files ({d.Source}); nothing added.");
                continue;
            }

            toWrite.Add(d);
        }

        foreach (var z in zipStaged)
        {
            messages.Add(AddZipCodes(z));
        }

        foreach (var d in scheduleStaged)
        {
            messages.Add(AddSchedule(d));
        }

        foreach (var n in ncciStaged)
        {
            if (n.AlreadyThere)
            {
                messages.Add($"{n.Name} is already in the data folder with the same bytes; nothing added.");
                continue;
            }

            WriteNcci(n);
            messages.Add($"added NCCI {string.Join("; ", n.Tables)} from {n.Name} (sha256 {n.Sha256}) to {Ncci}");
        }

        foreach (var d in toWrite)
        {
            Write(d);
            messages.Add(System.FormattableString.Invariant(
                $"added {d.Release.Id} (effective {d.Release.EffectiveFrom:yyyy-MM-dd}, CF {d.Release.ConversionFactor}, {d.Release.Rvus.Count:N0} RVU rows, {d.Release.Localities.Count} localities{(d.Release.QualifyingVariant is null ? "" : ", with its QPP file")}) from {d.Source} (sha256 {d.SourceSha256}) to {Path.Combine(Releases, d.Release.Id.ToString())}"));
        }

        return messages;
    }

    /// <summary>Removes releases (by id) and NCCI files (by name); every one must be in the folder (nothing is removed otherwise).</summary>
    public IReadOnlyList<string> Remove(IEnumerable<string> names)
    {
        var list = names.ToList();
        var present = List().Select(x => x.Location).Where(p => p.Storage == ReleaseStorage.Folder).ToList();
        var ncci = ListNcci().Select(x => Path.GetFileName(x.Path)).ToList();
        var zipNames = ListZipCodes().Select(x => Path.GetFileName(x.Path)).ToList();
        var scheduleNames = ListSchedules().Select(x => Path.GetFileName(x.Path)).ToList();
        var targets = new List<(string Name, string Path, bool IsRelease)>();
        foreach (var name in list)
        {
            if (ReleaseId.TryParse(name, out var id) && present.FirstOrDefault(p => p.Id == id) is { } release)
            {
                targets.Add((id.ToString(), release.Path, true));
            }
            else if (ncci.Contains(name, StringComparer.Ordinal))
            {
                targets.Add((name, Path.Combine(Ncci, name), false));
            }
            else if (zipNames.Contains(name, StringComparer.Ordinal))
            {
                targets.Add((name, Path.Combine(ZipCodes, name), false));
            }
            else if (scheduleNames.Contains(name, StringComparer.Ordinal))
            {
                targets.Add((name, Path.Combine(Schedules, name), false));
            }
            else
            {
                var holds = present.Select(p => p.Id.ToString()).Concat(ncci).Concat(zipNames).Concat(scheduleNames).ToList();
                throw new UsageException($"data remove: {name} is not in the data folder {Root}; it holds {(holds.Count == 0 ? "nothing" : string.Join(", ", holds))}.");
            }
        }

        var messages = new List<string>();
        foreach (var (name, path, isRelease) in targets)
        {
            if (isRelease)
            {
                // Moved aside first, then deleted: a failure half way never leaves a half release in place.
                var trash = Path.Combine(Root, $".removing-{name}-{Guid.NewGuid():N}");
                Directory.Move(path, trash);
                Directory.Delete(trash, recursive: true);
                messages.Add($"removed {name} from {Releases}");
            }
            else
            {
                File.Delete(path);
                File.Delete(path + NcciSourceSuffix);
                messages.Add($"removed {name} from {Path.GetDirectoryName(path)}");
            }
        }

        return messages;
    }

    /// <summary>CMS's ZIP code file, or a zip holding one and no RVU file.</summary>
    private static bool IsZipCodeDownload(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return false;
        }

        if (FeeScheduleFile.DetectKind(full) == FeeScheduleFileKind.Zip5)
        {
            return true;
        }

        if (!full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var zip = ZipFile.OpenRead(full);
            var kinds = zip.Entries.Select(e => FeeScheduleFile.DetectKind(e.Name)).ToList();
            return kinds.Contains(FeeScheduleFileKind.Zip5) && !kinds.Any(k => k is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private sealed record ZipCodeDownload(string Name, byte[] Bytes, string Sha256, ZipLocalityTable Table, string Source);

    /// <summary>Loads a ZIP code file fully (every record checked) and admits it against the packaged one (a file cut short is refused with its row count).</summary>
    private static ZipCodeDownload ValidateZipCodes(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        ZipLocalityTable table;
        try
        {
            table = FeeScheduleLoader.LoadZipCodes(full);
        }
        catch (FeeScheduleFormatException ex)
        {
            throw new UsageException($"data add: {System.IO.Path.GetFileName(full)} is not a whole CMS ZIP code file: {ex.Message}");
        }

        var packaged = MedPayIQ.Pricing.Data.PackagedFeeSchedules.Get(MedPayIQ.Pricing.Data.PackagedFeeSchedules.ReleaseIds[^1]).Zips;
        if (table.Count < packaged.Count * 0.95m)
        {
            throw new UsageException(System.FormattableString.Invariant(
                $"data add: {table.Source!.Name} has {table.Count:N0} ZIP codes where the packaged {packaged.Rows[0].YearQuarter} file has {packaged.Count:N0}: it looks cut short (a download or copy not finished)."));
        }

        var inside = table.Source!;
        byte[] bytes = FeeScheduleFile.DetectKind(full) == FeeScheduleFileKind.Zip5 ? File.ReadAllBytes(full) : ReadEntry(full, inside.Name);
        return new ZipCodeDownload(inside.Name, bytes, inside.Sha256, table, System.IO.Path.GetFileName(full));
    }

    private static byte[] ReadEntry(string zipPath, string name)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var s = zip.Entries.First(e => e.Name == name).Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private string AddZipCodes(ZipCodeDownload z)
    {
        var there = Path.Combine(ZipCodes, z.Name);
        if (File.Exists(there))
        {
            var shaThere = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(there)));
            return shaThere == z.Sha256
                ? $"{z.Name} is already in the data folder with the same bytes; nothing added."
                : throw new UsageException($"data add: {z.Name} is already in the data folder ({there}) with other bytes: sha256 {shaThere} there, {z.Sha256} given. Remove it first (medpayiq data remove {z.Name}) to replace it.");
        }

        Directory.CreateDirectory(ZipCodes);
        var staging = Path.Combine(Root, $".adding-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var file = Path.Combine(staging, z.Name);
            File.WriteAllBytes(file, z.Bytes);
            var source = new DataSourceJson("ZIP5", z.Source, z.Sha256, _time.GetUtcNow(), [new DataFileJson(z.Name, z.Bytes.Length, z.Sha256)]);
            File.WriteAllBytes(file + NcciSourceSuffix, JsonSerializer.SerializeToUtf8Bytes(source, CliJsonContext.Default.DataSourceJson));
            File.Move(file + NcciSourceSuffix, there + NcciSourceSuffix);
            File.Move(file, there);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        return System.FormattableString.Invariant($"added ZIP code file {z.Name} ({z.Table.Count:N0} ZIP codes, sha256 {z.Sha256}) from {z.Source} to {ZipCodes}: releases without a ZIP5 file use it");
    }

    private sealed record NcciDownload(string Path, string Name, byte[] Bytes, string Sha256, IReadOnlyList<string> Tables, bool AlreadyThere);

    /// <summary>A file (not a folder) that holds no PPRRVU file: an NCCI file, zip or compiled snapshot, or nothing MedPayIQ reads.</summary>
    private static bool IsNcciDownload(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full) || FeeScheduleFile.DetectKind(full) is not null)
        {
            return false;
        }

        if (!full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            using var zip = ZipFile.OpenRead(full);
            return !zip.Entries.Any(e => FeeScheduleFile.DetectKind(e.Name) is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth)
                && zip.Entries.Any(e => e.Name.Length > 0 && !e.Name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase));
        }
        catch (InvalidDataException)
        {
            return false; // refused as a zip by the RVU path, with its message
        }
    }

    /// <summary>Loads the NCCI downloads with the NCCI files already added (a PTP version's parts join): all must load together.</summary>
    private List<NcciDownload> ValidateNcci(List<string> paths)
    {
        if (paths.Count == 0)
        {
            return [];
        }

        var result = new List<NcciDownload>();
        foreach (var path in paths)
        {
            var full = System.IO.Path.GetFullPath(path);
            var name = System.IO.Path.GetFileName(full);
            var bytes = File.ReadAllBytes(full);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var there = System.IO.Path.Combine(Ncci, name);
            bool same = false;
            if (File.Exists(there))
            {
                var shaThere = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(there)));
                if (shaThere != sha)
                {
                    throw new UsageException($"data add: {name} is already in the data folder ({there}) with other bytes: sha256 {shaThere} there, {sha} given. Remove it first (medpayiq data remove {name}) to replace it.");
                }

                same = true;
            }

            ImmutableArray<MedPayIQ.Ncci.NcciTable> tables;
            try
            {
                tables = MedPayIQ.Ncci.NcciLoader.Load(full, new MedPayIQ.Ncci.NcciLoadOptions());
            }
            catch (CmsFileFormatException ex)
            {
                throw new UsageException($"data add: {name} is neither a CMS RVU release nor an NCCI file, zip or snapshot MedPayIQ reads: {ex.Message}");
            }

            if (tables.Length == 0)
            {
                throw new UsageException($"data add: {name} holds no CMS RVU file (PPRRVU*.csv or PPRRVU*.txt) and no NCCI table: it is neither an RVU release nor NCCI files.");
            }

            var refusals = MedPayIQ.Ncci.NcciAdmission.Check(tables, [MedPayIQ.Ncci.PackagedNcci.AddOnEdits, MedPayIQ.Ncci.PackagedNcci.PractitionerMue], previousVersionShare: 0m);
            if (!refusals.IsEmpty)
            {
                throw new UsageException($"data add: {name} is refused: {string.Join(" ", refusals)}");
            }

            result.Add(new NcciDownload(full, name, bytes, sha, [.. tables.Select(t => t.Source.ToString())], same));
        }

        // Together with what is there: the parts of a PTP version join, and a snapshot is checked against its files.
        var together = ListNcci().Select(x => x.Path).Concat(result.Where(r => !r.AlreadyThere).Select(r => r.Path)).ToList();
        try
        {
            MedPayIQ.Ncci.NcciLoader.Load(together, new MedPayIQ.Ncci.NcciLoadOptions());
        }
        catch (CmsFileFormatException ex)
        {
            throw new UsageException($"data add: the NCCI files given do not load with those already in the data folder: {ex.Message}");
        }

        return result;
    }

    private void WriteNcci(NcciDownload n)
    {
        Directory.CreateDirectory(Ncci);
        var staging = System.IO.Path.Combine(Root, $".adding-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var file = System.IO.Path.Combine(staging, n.Name);
            File.WriteAllBytes(file, n.Bytes);
            var source = new DataSourceJson(string.Join("; ", n.Tables), n.Name, n.Sha256, _time.GetUtcNow(), [new DataFileJson(n.Name, n.Bytes.Length, n.Sha256)]);
            File.WriteAllBytes(file + NcciSourceSuffix, JsonSerializer.SerializeToUtf8Bytes(source, CliJsonContext.Default.DataSourceJson));
            File.Move(file + NcciSourceSuffix, System.IO.Path.Combine(Ncci, n.Name + NcciSourceSuffix));
            File.Move(file, System.IO.Path.Combine(Ncci, n.Name)); // the table file last: it is what the loaders see
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private sealed record Download(string Source, string SourceSha256, FeeScheduleRelease Release, List<(string Name, byte[] Bytes)> Content)
    {
        public IReadOnlyList<DataFileJson> Files { get; } = [.. Content.Select(c => new DataFileJson(c.Name, c.Bytes.Length, Convert.ToHexStringLower(SHA256.HashData(c.Bytes))))];
    }

    /// <summary>Reads a download (an RVU zip or its extracted folder) and loads it with the loaders: every file is checked.</summary>
    private static Download Validate(string path)
    {
        var full = Path.GetFullPath(path);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(full));
        List<(string Name, byte[] Bytes)> content;
        string sourceSha;
        if (Directory.Exists(full))
        {
            content = [.. Directory.EnumerateFiles(full).Where(f => FeeScheduleFile.DetectKind(f) is not null).Order(StringComparer.Ordinal)
                .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))];
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var (n, bytes) in content)
            {
                sha.AppendData(System.Text.Encoding.UTF8.GetBytes(n + "\n"));
                sha.AppendData(SHA256.HashData(bytes));
            }

            sourceSha = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (!content.Any(c => FeeScheduleFile.DetectKind(c.Name) is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth))
            {
                var others = Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(8).ToList();
                throw new UsageException($"data add: the folder {full} holds no CMS RVU file (PPRRVU*.csv or PPRRVU*.txt): it is not an RVU release{(others.Count == 0 ? " (it is empty)" : $"; it holds {string.Join(", ", others)}")}.");
            }
        }
        else if (File.Exists(full))
        {
            var bytes = File.ReadAllBytes(full);
            sourceSha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            content = ReadZip(full, bytes);
        }
        else
        {
            throw new UsageException($"data add: {full} does not exist.");
        }

        var dupe = content.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (dupe is not null)
        {
            throw new UsageException($"data add: {name} holds {dupe.Key} {dupe.Count()} times (in different folders); a release has one of each file.");
        }

        FeeScheduleRelease release;
        try
        {
            var files = content.Select(c => FeeScheduleFile.FromBytes(FeeScheduleFile.DetectKind(c.Name)!.Value, c.Name, c.Bytes));
            string container = Path.GetFileNameWithoutExtension(name);
            var options = ReleaseId.TryParse(container, out var id) ? new FeeScheduleLoadOptions { ReleaseId = id } : null;
            release = FeeScheduleLoader.Load(files, options, full);
        }
        catch (FeeScheduleFormatException ex)
        {
            throw new UsageException($"data add: {name} is not a whole CMS RVU release: {ex.Message}");
        }

        if (release.Provenance.Notes.FirstOrDefault(n => n.Contains("does not end with a line break", StringComparison.Ordinal)) is { } cut)
        {
            throw new UsageException($"data add: {name} looks cut short: {cut}");
        }

        try
        {
            DataOption.Admit(release);
        }
        catch (FeeScheduleFormatException ex)
        {
            throw new UsageException($"data add: {ex.Message}");
        }

        return new Download(name, sourceSha, release, content);
    }

    private static List<(string Name, byte[] Bytes)> ReadZip(string path, byte[] bytes)
    {
        string name = Path.GetFileName(path);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var entries = zip.Entries.Where(e => e.Length > 0 || e.Name.Length > 0).ToList();
            var content = new List<(string, byte[])>();
            foreach (var e in entries.Where(e => FeeScheduleFile.DetectKind(e.Name) is not null).OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                using var s = e.Open();
                using var ms = new MemoryStream();
                s.CopyTo(ms);
                content.Add((e.Name, ms.ToArray()));
            }

            if (!content.Any(c => FeeScheduleFile.DetectKind(c.Item1) is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth))
            {
                var listed = entries.Select(e => e.FullName).Order(StringComparer.Ordinal).Take(8).ToList();
                throw new UsageException($"data add: {name} holds no CMS RVU file (PPRRVU*.csv or PPRRVU*.txt): it is not an RVU release zip{(listed.Count == 0 ? " (it is empty)" : $"; it holds {string.Join(", ", listed)}{(entries.Count > 8 ? ", ..." : "")}")}.");
            }

            return content;
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException($"data add: {name} ({bytes.Length:N0} bytes) is not a whole zip archive (a download cut short, or not a zip): {ex.Message}");
        }
    }

    private void Write(Download d)
    {
        Directory.CreateDirectory(Releases);
        var staging = Path.Combine(Root, $".adding-{d.Release.Id}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var (n, bytes) in d.Content)
            {
                File.WriteAllBytes(Path.Combine(staging, n), bytes);
            }

            var source = new DataSourceJson(d.Release.Id.ToString(), d.Source, d.SourceSha256, _time.GetUtcNow(), [.. d.Files]);
            File.WriteAllBytes(Path.Combine(staging, SourceFile), JsonSerializer.SerializeToUtf8Bytes(source, CliJsonContext.Default.DataSourceJson));
            Directory.Move(staging, Path.Combine(Releases, d.Release.Id.ToString()));
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }
}
