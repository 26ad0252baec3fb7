using Microsoft.Extensions.Logging;

namespace MedPayIQ.Hosting;

/// <summary>MedPayIQ's log messages (source-generated: nothing is formatted unless the level is enabled).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Loaded fee schedule release {ReleaseId} from {Location} in {ElapsedMilliseconds} ms: about {Bytes} bytes in memory, PPRRVU sha256 {Sha256}")]
    public static partial void ReleaseLoaded(ILogger logger, string releaseId, string location, long elapsedMilliseconds, long bytes, string sha256);

    [LoggerMessage(2, LogLevel.Error, "Fee schedule release {Source} failed to load or was refused: {Reason} Serving instead: {Kept}")]
    public static partial void ReleaseLoadFailed(ILogger logger, string source, string reason, string kept);

    [LoggerMessage(3, LogLevel.Information, "Snapshot {Generation} swapped in: releases {Releases} (snapshot {Previous} had {PreviousReleases})")]
    public static partial void SnapshotSwapped(ILogger logger, long generation, string releases, long previous, string previousReleases);

    [LoggerMessage(4, LogLevel.Error, "Looking for releases failed: {Reason}; snapshot {Generation} keeps serving")]
    public static partial void ScanFailed(ILogger logger, string reason, long generation);

    [LoggerMessage(5, LogLevel.Debug, "Release {ReleaseId} ({Location}) left the cache: {Reason}")]
    public static partial void ReleaseEvicted(ILogger logger, string releaseId, string location, string reason);

    [LoggerMessage(6, LogLevel.Information, "{ReleaseId} at {Location} is new or changed; it is loaded once unchanged for one poll")]
    public static partial void ReleaseSettling(ILogger logger, string releaseId, string location);

    [LoggerMessage(7, LogLevel.Information, "Loaded {Count} NCCI tables from {Folder} in {ElapsedMilliseconds} ms")]
    public static partial void NcciLoaded(ILogger logger, int count, string folder, long elapsedMilliseconds);

    [LoggerMessage(8, LogLevel.Error, "NCCI tables in {Folder} failed to load; snapshot {Generation} keeps serving")]
    public static partial void NcciLoadFailed(ILogger logger, Exception exception, string folder, long generation);

    [LoggerMessage(9, LogLevel.Error, "Watching for new releases failed")]
    public static partial void WatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Warning, "{Problem}")]
    public static partial void ProblemRaised(ILogger logger, string problem);

    [LoggerMessage(11, LogLevel.Information, "Resolved: {Problem}")]
    public static partial void ProblemCleared(ILogger logger, string problem);

    [LoggerMessage(12, LogLevel.Warning, "{Source}: {Warning}")]
    public static partial void ReleaseWarning(ILogger logger, string source, string warning);
}
