using System.Collections.Frozen;
using System.Diagnostics;
using System.Security.Cryptography;
using MedPayIQ.Pricing;

namespace MedPayIQ.Benchmarks;

internal static class Profile
{
    public static void Run()
    {
        var b = new RvuLoadBenchmarks(); b.Setup();
        var csv = BenchmarkData.Rvu25DCsv;
        var table = RvuCsvReader.Read("x", csv, true).Table;
        var keys = table.Entries.Select(e => new KeyValuePair<long, int>(RvuTable.Key(e.Hcpcs, e.Modifier), 1)).ToArray();
        var cols = new List<byte[]>[31];
        for (int i = 0; i < 31; i++) cols[i] = new();
        using (var r = CmsCsv.Open(csv, true))
        {
            int row = 0;
            while (r.Read()) { if (++row <= 10) continue; for (int i = 0; i < 31; i++) cols[i].Add(r.GetSpan(i).ToArray()); }
        }
        Time("f:hcpcs", () => { long t = 0; foreach (var x in cols[0]) { CmsFields.TryHcpcs(x, out var h); t += h.GetHashCode(); } return t; });
        Time("f:mod", () => { long t = 0; foreach (var x in cols[1]) { Modifier.TryParseUtf8(x, out var h); t += h.GetHashCode(); } return t; });
        Time("f:rvu", () => { long t = 0; foreach (var x in cols[5]) { CmsFields.TryRvu(x, out var h); t += h; } return t; });
        Time("f:status", () => { long t = 0; foreach (var x in cols[3]) { CmsFields.TryStatus(x, out var h); t += (int)h; } return t; });
        Time("f:ind", () => { long t = 0; foreach (var x in cols[18]) { CmsFields.TryIndicator(x, 0x3ff, out var h); t += h; } return t; });
        Time("f:glob", () => { long t = 0; foreach (var x in cols[14]) { CmsFields.TryGlobal(x, out var h); t += (int)h; } return t; });
        Time("f:cf", () => { long t = 0; foreach (var x in cols[24]) { CmsFields.TryScaled(x, 4, out var h); t += h; } return t; });
        Time("f:sup", () => { long t = 0; foreach (var x in cols[25]) { CmsFields.TrySupervision(x, out var h); t += (int)h; } return t; });
        Time("f:img", () => { long t = 0; foreach (var x in cols[27]) { CmsFields.TryImagingFamily(x, out var h); t += (int)h; } return t; });
        Time("f:share", () => { long t = 0; foreach (var x in cols[15]) { CmsFields.TryShare(x, out var h); t += h; } return t; });
        Time("f:flag", () => { long t = 0; RvuFlags fl = 0; foreach (var x in cols[7]) { CmsFields.TryFlag(x, (byte)'N', (byte)'A', ref fl, RvuFlags.FacilityNa); t += (int)fl; } return t; });
        for (int round = 0; round < 2; round++)
        {
            Time("bare", () => b.BareSpanRead());
            Time("bare+lines", () =>
            {
                using var r = CmsCsv.Open(csv, true);
                long s = 0;
                while (r.Read()) { s += r.LineNumber; for (int i = 0; i < r.FieldCount; i++) s += r.GetSpan(i).Length; }
                return s;
            });
            Time("apply-only", () =>
            {
                using var r = CmsCsv.Open(csv, true);
                long s = 0; int row = 0;
                while (r.Read())
                {
                    if (++row <= 10) continue;
                    var bb = default(RvuEntryBuilder);
                    for (int i = 0; i < 31; i++)
                    {
                        var col = RvuLayouts.Columns2025[i];
                        if (col != RvuColumn.Description) RvuLayouts.Apply(ref bb, col, r.GetSpan(i), "x", r.LineNumber, i + 1, true);
                    }
                    s += bb.Work;
                }
                return s;
            });
            Time("fastpath-only", () =>
            {
                using var r = CmsCsv.Open(csv, true);
                long s = 0; int row = 0;
                var cols = RvuLayouts.Columns2025;
                while (r.Read())
                {
                    if (++row <= 10) continue;
                    var bb = default(RvuEntryBuilder);
                    var raw = r.Current.RawRecord;
                    if (raw.IndexOf((byte)'"') >= 0) continue;
                    for (int i = 0; i < cols.Length; i++)
                    {
                        int comma = raw.IndexOf((byte)',');
                        var field = comma < 0 ? raw : raw[..comma];
                        raw = comma < 0 ? default : raw[(comma + 1)..];
                        if (cols[i] != RvuColumn.Description) RvuLayouts.Apply(ref bb, cols[i], field, "x", 0, i + 1, true);
                    }
                    s += bb.Work;
                }
                return s;
            });
            Time("split-only", () =>
            {
                using var r = CmsCsv.Open(csv, true);
                long s = 0;
                while (r.Read())
                {
                    var raw = r.Current.RawRecord;
                    for (int i = 0; i < 31; i++)
                    {
                        int comma = raw.IndexOf((byte)',');
                        s += comma;
                        raw = comma < 0 ? default : raw[(comma + 1)..];
                    }
                }
                return s;
            });
            Time("read-only", () =>
            {
                using var r = CmsCsv.Open(csv, true);
                long s = 0;
                while (r.Read()) s += r.Current.RawRecord.Length;
                return s;
            });
            Time("tryparserow", () =>
            {
                using var r = CmsCsv.Open(csv, true);
                long s = 0; int row = 0;
                while (r.Read())
                {
                    if (++row <= 10) continue;
                    var bb = default(RvuEntryBuilder);
                    if (RvuLayouts.TryParseRow(r, false, ref bb)) s += bb.Work;
                }
                return s;
            });
            Time("frozen", () => keys.ToFrozenDictionary().Count);
            Time("dict", () => new Dictionary<long, int>(keys).Count);
            Time("sha", () => SHA256.HashData(csv).Length);
            Time("parse", () => RvuCsvReader.Read("x", csv, true).Table.Count);
        }
    }

    private static void Time(string name, Func<long> f)
    {
        for (int i = 0; i < 10; i++) f();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 30; i++) f();
        Console.WriteLine($"{name}: {sw.Elapsed.TotalMilliseconds / 30:F3} ms");
    }
}
