using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>How a release is stored in a folder of releases.</summary>
public enum ReleaseStorage
{
    /// <summary>A folder of CMS files (the RVU zip extracted).</summary>
    Folder,

    /// <summary>CMS's RVU zip as downloaded.</summary>
    Zip,
}

/// <summary>
/// A release found in a folder of releases, before it is loaded: its id, where it is, and a fingerprint of its files
/// (names, sizes, times written), so that a release whose files change is seen as a new one. Two locations are equal when
/// all four are.
/// </summary>
public sealed record ReleaseLocation
{
    internal ReleaseLocation(ReleaseId id, ReleaseStorage storage, string path, string fingerprint)
    {
        Id = id;
        Storage = storage;
        Path = path;
        Fingerprint = fingerprint;
    }

    /// <summary>The release id, from the folder's or zip's name, else from the RVU file's name.</summary>
    public ReleaseId Id { get; }

    /// <summary>A folder or a zip.</summary>
    public ReleaseStorage Storage { get; }

    /// <summary>The full path of the folder or zip.</summary>
    public string Path { get; }

    /// <summary>A hash of the files' names, sizes and times written: equal when nothing changed.</summary>
    public string Fingerprint { get; }

    /// <summary>The first date of service the release applies to, as the loader dates it: the first day of its quarter.</summary>
    public DateOnly EffectiveFrom => Id.QuarterStart;

    /// <summary>Loads the release, with <see cref="Id"/> as its id.</summary>
    /// <param name="options">
    /// Loader settings; their <see cref="FeeScheduleLoadOptions.ReleaseId"/> and <see cref="FeeScheduleLoadOptions.EffectiveFrom"/>
    /// are replaced by <see cref="Id"/> and <see cref="EffectiveFrom"/>, so the release is in force when the folder says.
    /// </param>
    /// <exception cref="FeeScheduleFormatException">A file is malformed.</exception>
    public FeeScheduleRelease Load(FeeScheduleLoadOptions? options = null)
    {
        var o = (options ?? FeeScheduleLoadOptions.Default) with { ReleaseId = Id, EffectiveFrom = EffectiveFrom };
        return Storage == ReleaseStorage.Folder ? FeeScheduleLoader.LoadDirectory(Path, o) : FeeScheduleLoader.LoadZipFile(Path, o);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Storage.ToString().ToLowerInvariant()} {Path})";
}

/// <summary>A subfolder of a releases folder that <see cref="ReleaseFolder.Find(string, out ImmutableArray{ReleaseFolderProblem})"/> left out, and why.</summary>
/// <param name="Path">The subfolder's full path (as <see cref="ReleaseLocation.Path"/> names a release found).</param>
/// <param name="Reason">Why it was left out: the error reading it, or why its release cannot be told.</param>
public sealed record ReleaseFolderProblem(string Path, string Reason)
{
    /// <summary>The problem as one sentence: "<c>path</c> was left out: <c>reason</c>".</summary>
    public override string ToString() => $"{Path} was left out: {Reason}";
}

/// <summary>
/// Finds the releases in a folder as users keep CMS's quarterly downloads: the RVU zips as downloaded (<c>RVU25D.zip</c>)
/// and the folders they were extracted to (<c>RVU25D/</c>), or one release folder itself. The command-line tool and the
/// hosting package both read folders this way, and find the other Part B schedules' files in them the same way
/// (<see cref="FindSchedules"/>).
/// </summary>
public static class ReleaseFolder
{
    /// <summary>
    /// The releases in <paramref name="folder"/>, oldest first: the folder itself when it holds an RVU file (PPRRVU*),
    /// else each subfolder holding one and each zip named as a release id. A folder wins over a zip of the same id (it is
    /// what the zip becomes once extracted). A release's id comes from its folder's or zip's name (<c>RVU25D</c>), else
    /// from its RVU file's name (<c>PPRRVU2025_Oct.csv</c>).
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FeeScheduleFormatException">A release folder's id cannot be told from its name or its RVU file's name.</exception>
    public static ImmutableArray<ReleaseLocation> Find(string folder)
    {
        var found = Find(folder, out var problems);
        if (!problems.IsEmpty)
        {
            FeeScheduleThrow.Source(problems[0].ToString());
        }

        return found;
    }

    /// <summary>
    /// The releases in <paramref name="folder"/>, as <see cref="Find(string)"/> finds them, but a subfolder or zip that
    /// cannot be read or told (an unreadable folder, a folder whose release cannot be told from its name) is left out
    /// and said in <paramref name="problems"/> instead of stopping the scan of the others.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <param name="problems">Each subfolder left out: its path and why.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder itself cannot be read.</exception>
    public static ImmutableArray<ReleaseLocation> Find(string folder, out ImmutableArray<ReleaseFolderProblem> problems)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var root = new DirectoryInfo(System.IO.Path.GetFullPath(folder));
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"The releases folder '{root.FullName}' does not exist.");
        }

        var left = new List<ReleaseFolderProblem>();
        if (AsFolder(root) is { } itself)
        {
            problems = [];
            return [itself];
        }

        var found = new Dictionary<ReleaseId, ReleaseLocation>();
        foreach (var zip in root.EnumerateFiles("*.zip").OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (ReleaseId.TryParse(System.IO.Path.GetFileNameWithoutExtension(zip.Name), out var id))
            {
                found[id] = new ReleaseLocation(id, ReleaseStorage.Zip, zip.FullName, CmsFileReader.Fingerprint([zip]));
            }
        }

        foreach (var dir in root.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            try
            {
                if (AsFolder(dir) is { } release)
                {
                    found[release.Id] = release;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FeeScheduleFormatException)
            {
                left.Add(new ReleaseFolderProblem(dir.FullName, ex.Message));
            }
        }

        problems = [.. left];
        return [.. found.Values.OrderBy(r => r.EffectiveFrom).ThenBy(r => r.Id)];
    }

    /// <summary>
    /// The CLFS, DMEPOS, PEN, DMEPOS ZIP code, former-CBA and ASP files in <paramref name="folder"/> and its folders (two
    /// levels down: a releases folder, its release folders and theirs), known by CMS's names
    /// (<see cref="ScheduleFileLocation.KindOf"/>), by path; a CLFS text file beside its CSV is left to the CSV.
    /// </summary>
    /// <param name="folder">The folder.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ImmutableArray<ScheduleFileLocation> FindSchedules(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var root = new DirectoryInfo(System.IO.Path.GetFullPath(folder));
        return root.Exists ? ScheduleFileLocation.Find(root) : throw new DirectoryNotFoundException($"The releases folder '{root.FullName}' does not exist.");
    }

    /// <summary>Loads every release <see cref="Find(string)"/> finds into a catalog.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="options">Loader settings for each release.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FeeScheduleFormatException">A file is malformed.</exception>
    public static FeeScheduleCatalog LoadCatalog(string folder, FeeScheduleLoadOptions? options = null)
        => FeeScheduleCatalog.Create(Find(folder).Select(r => r.Load(options)));

    private static ReleaseLocation? AsFolder(DirectoryInfo dir)
    {
        var files = dir.EnumerateFiles().Where(f => FeeScheduleFile.DetectKind(f.Name) is not null).ToArray();
        var rvu = files.Where(f => FeeScheduleFile.DetectKind(f.Name) is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth)
            .OrderBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault();
        if (rvu is null)
        {
            return null;
        }

        if (!ReleaseId.TryParse(dir.Name, out var id) && !FeeScheduleLoader.TryIdFromFileName(rvu.Name, out id))
        {
            FeeScheduleThrow.File(dir.FullName, $"the release could not be told from the folder's name or from {rvu.Name}'s; name the folder as the release (such as RVU25D)");
        }

        return new ReleaseLocation(id, ReleaseStorage.Folder, dir.FullName, CmsFileReader.Fingerprint(files));
    }
}
