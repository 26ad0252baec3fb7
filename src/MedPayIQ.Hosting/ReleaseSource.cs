using System.Collections.Immutable;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Hosting;

/// <summary>Where a release is loaded from.</summary>
public enum ReleaseSourceKind
{
    /// <summary>Packaged in MedPayIQ.Pricing.Data.</summary>
    Packaged,
    /// <summary>A folder of CMS files (the RVU zip extracted), named by the release id.</summary>
    Folder,
    /// <summary>CMS's RVU zip as downloaded, named by the release id.</summary>
    Zip,
}

/// <summary>
/// A release a snapshot offers, before or after it is loaded: its id, where it comes from, and a fingerprint of its
/// files (names, sizes, times written), so a folder that changes is a new source.
/// </summary>
/// <param name="Id">The release id, from the folder or zip name.</param>
/// <param name="Kind">Packaged, folder or zip.</param>
/// <param name="Location">The folder or zip path, or the package name.</param>
/// <param name="Fingerprint">A hash of the files' names, sizes and times written; equal when nothing changed.</param>
public sealed record ReleaseSource(ReleaseId Id, ReleaseSourceKind Kind, string Location, string Fingerprint)
{
    /// <summary>The release as <see cref="ReleaseFolder"/> found it; <c>null</c> for a packaged one.</summary>
    internal ReleaseLocation? Found { get; init; }

    /// <summary>The packaged release of the same id, served when this one cannot load or is refused and no earlier copy serves.</summary>
    internal ReleaseSource? Fallback { get; init; }

    /// <summary>The source named by its fingerprint, so that a failing copy and the copy serving read apart in messages.</summary>
    internal string Describe() => Kind == ReleaseSourceKind.Packaged ? ToString() : $"{Id} ({Kind.ToString().ToLowerInvariant()} {Location}, files {Fingerprint[..Math.Min(12, Fingerprint.Length)]})";

    /// <summary>The first date of service the release applies to: the first day of its quarter.</summary>
    public DateOnly EffectiveFrom => Id.QuarterStart;

    internal FeeScheduleRelease Load() => Kind switch
    {
        ReleaseSourceKind.Packaged => PackagedFeeSchedules.Load(Id), // a copy of its own: freed when the cache lets it go
        _ => Found!.Load(),
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({Kind.ToString().ToLowerInvariant()} {Location})";
}

/// <summary>Finds the releases the options offer.</summary>
internal static class ReleaseDiscovery
{
    private const string PackageName = "MedPayIQ.Pricing.Data";

    /// <summary>The releases offered, oldest first: the folder's, then the packaged ones it does not replace, filtered by <see cref="MedPayIQOptions.Releases"/>.</summary>
    public static ImmutableArray<ReleaseSource> Scan(MedPayIQOptions options) => Scan(options, null, [], out _);

    /// <summary>
    /// The releases offered (see <see cref="Scan(MedPayIQOptions)"/>). A release folder that cannot be read now
    /// (permissions changed, a disk error) is left out of the scan and said in <paramref name="problems"/>, but it is not a
    /// release removed: the copy of it in <paramref name="offered"/> stays offered (not the packaged release of its id),
    /// while the other folders are scanned. <paramref name="listFiles"/> lists a found release folder's files again
    /// before it is offered (a seam for tests, which run as root, whom file permissions do not stop; <c>null</c>: not done).
    /// </summary>
    public static ImmutableArray<ReleaseSource> Scan(MedPayIQOptions options, Func<DirectoryInfo, IEnumerable<FileInfo>>? listFiles, ImmutableArray<ReleaseSource> offered, out ImmutableArray<string> problems)
    {
        var found = new Dictionary<ReleaseId, ReleaseSource>();
        var left = new List<ReleaseFolderProblem>();
        if (!string.IsNullOrWhiteSpace(options.ReleasesFolder))
        {
            var releases = ReleaseFolder.Find(options.ReleasesFolder, out var unreadable);
            foreach (var r in releases)
            {
                if (r.Storage == ReleaseStorage.Folder && options.ReadyMarkerFileName is { Length: > 0 } marker && !File.Exists(Path.Combine(r.Path, marker)))
                {
                    continue; // still being written by its job
                }

                if (r.Storage == ReleaseStorage.Folder && listFiles is not null && Unreadable(r.Path, listFiles) is { } problem)
                {
                    left.Add(problem);
                    continue;
                }

                var kind = r.Storage == ReleaseStorage.Folder ? ReleaseSourceKind.Folder : ReleaseSourceKind.Zip;
                var packaged = options.UsePackagedReleases && PackagedFeeSchedules.ReleaseIds.Contains(r.Id) ? new ReleaseSource(r.Id, ReleaseSourceKind.Packaged, PackageName, PackageName) : null;
                found[r.Id] = new ReleaseSource(r.Id, kind, r.Path, r.Fingerprint) { Found = r, Fallback = packaged };
            }

            left.AddRange(unreadable);
        }

        var kept = new List<string>();
        foreach (var problem in left)
        {
            // The copy offered from the same folder, if any, keeps serving.
            var copy = offered.FirstOrDefault(o => o.Kind == ReleaseSourceKind.Folder && o.Location == problem.Path);
            if (copy is not null)
            {
                found[copy.Id] = copy;
            }

            kept.Add(copy is null ? problem.ToString() : $"{problem} {copy.Describe()} keeps serving.");
        }

        problems = [.. kept];
        if (options.UsePackagedReleases)
        {
            foreach (var id in PackagedFeeSchedules.ReleaseIds)
            {
                found.TryAdd(id, new ReleaseSource(id, ReleaseSourceKind.Packaged, PackageName, PackageName));
            }
        }

        var wanted = options.Releases.Select(ReleaseId.Parse).ToHashSet();
        return [.. found.Values.Where(s => wanted.Count == 0 || wanted.Contains(s.Id)).OrderBy(s => s.EffectiveFrom).ThenBy(s => s.Id)];
    }

    /// <summary>Why a release folder cannot be listed now, as <see cref="ReleaseFolder.Find(string, out ImmutableArray{ReleaseFolderProblem})"/> says it; <c>null</c> when it can.</summary>
    private static ReleaseFolderProblem? Unreadable(string folder, Func<DirectoryInfo, IEnumerable<FileInfo>> listFiles)
    {
        try
        {
            _ = listFiles(new DirectoryInfo(folder)).Count();
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ReleaseFolderProblem(folder, ex.Message);
        }
    }

    /// <summary>The fingerprint of a folder of files (NCCI): empty when the folder is not set.</summary>
    public static string FolderFingerprint(string? folder) =>
        string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder) ? string.Empty : CmsFileReader.Fingerprint(new DirectoryInfo(folder).GetFiles());
}
