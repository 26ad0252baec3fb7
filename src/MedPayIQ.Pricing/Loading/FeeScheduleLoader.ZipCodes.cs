using System.Security.Cryptography;

namespace MedPayIQ.Pricing;

// CMS's ZIP code file loaded on its own (it ships apart from the RVU zips).
public static partial class FeeScheduleLoader
{
    /// <summary>
    /// Loads CMS's ZIP code to carrier and locality file on its own (ZIP5_xxx.txt, shipped apart from the RVU zips; a
    /// zip holding it is read too), for releases that lack one (<see cref="FeeScheduleRelease.WithZipCodes"/>).
    /// </summary>
    /// <param name="path">The ZIP5 file, or a zip archive holding one.</param>
    /// <param name="options">Settings (the size limit and whether messages quote values).</param>
    /// <exception cref="FeeScheduleFormatException">The file is malformed, or the zip holds no ZIP5 file or several.</exception>
    public static ZipLocalityTable LoadZipCodes(string path, FeeScheduleLoadOptions? options = null)
        => FeeScheduleFile.FromPath(path, (stream, name) => ReadZipCodes(stream, name, Path.GetFullPath(path), options));

    /// <summary>The ZIP5 file, or the one in a zip, read from a stream (the bounded reader of every loader).</summary>
    private static ZipLocalityTable ReadZipCodes(Stream s, string name, string origin, FeeScheduleLoadOptions? options)
    {
        options ??= FeeScheduleLoadOptions.Default;
        var reader = FeeScheduleFile.Reader(options.MaxFileBytes);
        ReadOnlyMemory<byte> content;
        if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            var inside = reader.ReadZip(s, name, static e => FeeScheduleFile.DetectKind(e) == FeeScheduleFileKind.Zip5);
            if (inside.Length != 1)
            {
                FeeScheduleThrow.File(name, inside.IsEmpty ? "holds no ZIP5 file (ZIP5_xxx.txt)" : $"holds {inside.Length} ZIP5 files ({string.Join(", ", inside.Select(f => f.Name))}); give one");
            }

            (name, content) = (inside[0].Name, inside[0].Content);
        }
        else
        {
            if (FeeScheduleFile.DetectKind(name) != FeeScheduleFileKind.Zip5)
            {
                FeeScheduleThrow.File(name, "is not named as CMS's ZIP code file (ZIP5_xxx.txt)");
            }

            content = reader.ReadAll(s, name);
        }

        var table = LocalityReaders.ReadZip5(name, CmsFileReader.ToUtf8(content), options.IncludeValuesInExceptions);
        return new ZipLocalityTable(table)
        {
            Source = new SourceFile(FeeScheduleFileKind.Zip5, name, content.Length, Convert.ToHexStringLower(SHA256.HashData(content.Span))),
            Origin = origin,
        };
    }
}
