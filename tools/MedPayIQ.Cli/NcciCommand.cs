using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using MedPayIQ.Ncci;

namespace MedPayIQ.Cli;

/// <summary><c>medpayiq ncci compile</c>: CMS's NCCI files compiled into one snapshot that opens without parsing.</summary>
internal static partial class Cli
{
    private static Command NcciCommand(TextWriter output)
    {
        var files = new Argument<FileInfo[]>("FILES") { Description = "CMS's NCCI files, their zips or folders (PTP parts f1..f4, MUE, add-on code edits), or snapshots to merge.", Arity = ArgumentArity.OneOrMore };
        var outFile = new Option<FileInfo>("--output", "-o") { Description = "The snapshot to write (.ncci).", Required = true };
        var compile = new Command("compile", "Compile NCCI tables into one immutable snapshot (format version, CMS file names and SHA-256, table kind, version, effective date, content checksum); every command that takes an NCCI file takes the snapshot.")
        {
            files, outFile,
        };
        compile.SetAction(parse =>
        {
            var paths = parse.GetValue(files)!.Select(f => f.FullName).ToList();
            foreach (var p in paths.Where(p => !File.Exists(p) && !Directory.Exists(p)))
            {
                throw new UsageException($"the file '{p}' does not exist.");
            }

            var tables = NcciCatalog.Create(NcciLoader.Load(paths, new NcciLoadOptions())).Tables.ToList();
            var target = parse.GetValue(outFile)!;
            string temporary = target.FullName + ".tmp";
            NcciSnapshot.Write(temporary, tables);
            File.Move(temporary, target.FullName, overwrite: true); // a reader never sees a half-written snapshot
            var inv = CultureInfo.InvariantCulture;
            foreach (var t in tables)
            {
                output.WriteLine(string.Create(inv, $"{t.Source.Kind} {t.Source.Version} (from {t.Source.EffectiveFrom:yyyy-MM-dd}): {t.Count:N0} rows from {string.Join(", ", t.Source.FileNames)}"));
            }

            using var written = File.OpenRead(target.FullName);
            output.WriteLine(string.Create(inv, $"{target.Name}: {written.Length:N0} bytes, snapshot format {NcciSnapshot.FormatVersion}, sha256 {Convert.ToHexStringLower(SHA256.HashData(written))}"));
            return Ok;
        });
        return new Command("ncci", "NCCI tables: compile CMS's files into a snapshot.") { compile };
    }
}
