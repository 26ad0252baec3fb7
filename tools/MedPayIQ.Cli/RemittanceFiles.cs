using MedPayIQ.X12;

namespace MedPayIQ.Cli;

/// <summary>
/// The 835 files of <c>remits</c> and <c>insights --history</c>: files as given, folders as every file in them (not
/// their subfolders) that starts as an X12 interchange, in name order; each read streaming, its transaction sets read
/// and not read kept.
/// </summary>
internal sealed class RemittanceFiles
{
    private readonly List<(string File, IReadOnlyList<X12TransactionResult> Transactions, IReadOnlyList<X12Error> Errors)> _read = [];

    public RemittanceFiles(IEnumerable<FileSystemInfo> paths)
    {
        foreach (var path in paths)
        {
            if (path is DirectoryInfo folder || Directory.Exists(path.FullName))
            {
                var files = new DirectoryInfo(path.FullName).EnumerateFiles().Where(X12ClaimFile.Is).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
                if (files.Count == 0)
                {
                    throw new UsageException($"{path.Name}: no X12 file (starting with ISA) in the folder.");
                }

                Files.AddRange(files);
            }
            else if (!File.Exists(path.FullName))
            {
                throw new UsageException($"{path.Name}: no such file or folder.");
            }
            else
            {
                Files.Add(new FileInfo(path.FullName));
            }
        }
    }

    /// <summary>The files, in the order read.</summary>
    public List<FileInfo> Files { get; } = [];

    /// <summary>The transaction sets of every file read so far, and the errors.</summary>
    public IEnumerable<(string File, IReadOnlyList<X12TransactionResult> Transactions, IReadOnlyList<X12Error> Errors)> Read => _read;

    /// <summary>Every remittance of every file, streaming (the name each file is reported by is its path as given, relative when it can be).</summary>
    public IEnumerable<Remittance> Remittances()
    {
        foreach (var file in Files)
        {
            using var text = file.OpenText();
            var reader = new RemittanceReader(text, Name(file));
            _read.Add((Name(file), reader.Transactions, reader.Errors));
            using var remittances = reader.ReadRemittances().GetEnumerator();
            while (true)
            {
                try
                {
                    if (!remittances.MoveNext())
                    {
                        break;
                    }
                }
                catch (X12FormatException ex)
                {
                    throw new UsageException(ex.Message);
                }

                yield return remittances.Current;
            }
        }
    }

    /// <summary>A usage error (exit 2) naming the first errors when a transaction set of a file was not read.</summary>
    public void ThrowIfNotAllRead()
    {
        foreach (var (file, transactions, _) in _read)
        {
            X12ClaimFile.ThrowIfNotAllRead(file, transactions);
        }
    }

    /// <summary>The denial history of every remittance of the files.</summary>
    public DenialHistory History() => DenialHistory.Of(Remittances());

    private static string Name(FileInfo file) => file.Name;
}
