namespace MedPayIQ.Cli.Json;

/// <summary>The provenance of a release in the data folder (<c>medpayiq-source.json</c>), and of <c>data list --json</c>.</summary>
/// <param name="Release">The release id.</param>
/// <param name="Source">The download's name (RVU26A.zip, or the folder's).</param>
/// <param name="SourceSha256">SHA-256 of the zip as downloaded; for a folder, of its files' names and hashes.</param>
/// <param name="AddedAt">When it was added (UTC).</param>
/// <param name="Files">The CMS files stored, byte for byte.</param>
internal sealed record DataSourceJson(string Release, string Source, string SourceSha256, DateTimeOffset AddedAt, DataFileJson[] Files);

/// <summary>One stored file.</summary>
/// <param name="Name">File name.</param>
/// <param name="Length">Bytes.</param>
/// <param name="Sha256">SHA-256, lower-case hex.</param>
internal sealed record DataFileJson(string Name, long Length, string Sha256);
