using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Fuzzing;

/// <summary>
/// What the fuzzer feeds: each target runs one loader over the input bytes. The documented exception of the loader
/// (<see cref="FeeScheduleFormatException"/>, <see cref="NcciFormatException"/>) is an answer; any other exception
/// escapes, and the fuzzer records the input as a crash. Shared with MedPayIQ.Hardening.Tests, which replays the seeds.
/// </summary>
public static class FuzzTargets
{
    // Created per run, not in a static initializer: SharpFuzz's instrumented code must not run before Fuzzer.OutOfProcess.Run.
    private static FeeScheduleLoadOptions Options => new() { ReleaseId = ReleaseId.Parse("RVU25D") };

    /// <summary>The targets by name, as eng/fuzz.sh and the seed folders name them: each returns <c>null</c> when the input loads, else the loader's message.</summary>
    public static IReadOnlyDictionary<string, Func<byte[], string?>> All { get; } = new Dictionary<string, Func<byte[], string?>>(StringComparer.Ordinal)
    {
        ["pprrvu-csv"] = data => FeeSchedule(FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv", data),
        ["pprrvu-txt"] = data => FeeSchedule(FeeScheduleFileKind.RvuFixedWidth, "PPRRVU2025_Oct.txt", data),
        ["gpci"] = data => WithRvu(FeeScheduleFileKind.Gpci, "GPCI2025.csv", data),
        ["locco"] = data => WithRvu(FeeScheduleFileKind.LocalityCounties, "25LOCCO.csv", data),
        ["anes"] = data => WithRvu(FeeScheduleFileKind.Anesthesia, "ANES2025.csv", data),
        ["oppscap"] = data => WithRvu(FeeScheduleFileKind.OppsCap, "OPPSCAP_Oct.csv", data),
        ["zip5"] = data => WithRvu(FeeScheduleFileKind.Zip5, "ZIP5_OCT2025.txt", data),
        ["release-zip"] = data => FeeScheduleZip(data),
        ["ptp"] = data => Ncci("ccipra-v322r0-f1.txt", data),
        ["mue"] = data => Ncci("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", data),
        ["aoc"] = data => Ncci("AOC_V2026Q2-MCR.csv", data),
        ["ncci-zip"] = data => Ncci("ccipra-v322r0.zip", data),
    };

    /// <summary>A PPRRVU CSV of one row (the real 77321 row of RVU25D), the companion of the locality files.</summary>
    public static byte[] SmallRvuFile { get; } =
        "HCPCS,MOD,DESCRIPTION,CODE,PAYMENT,RVU,PE RVU,INDICATOR,PE RVU,INDICATOR,RVU,TOTAL,TOTAL,IND,DAYS,OP,OP,OP,PROC,SURG,SURG,SURG,SURG,BASE,FACTOR,PROCEDURES,FLAG,INDICATOR,AMOUNT,AMOUNT,AMOUNT\r\n77321,,,A,,0.95,1.86,,1.86,NA,0.05,2.86,2.86,1,XXX,0.00,0.00,0.00,0,0,0,0,0,,32.3465,09,0,99,0.00,0.00,0.00\r\n"u8.ToArray();

    private static string? FeeSchedule(FeeScheduleFileKind kind, string name, byte[] data)
    {
        try
        {
            var release = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(kind, name, data)], Options);
            Check(release);
            return null;
        }
        catch (FeeScheduleFormatException ex)
        {
            return ex.Message;
        }
    }

    private static string? WithRvu(FeeScheduleFileKind kind, string name, byte[] data)
    {
        try
        {
            var release = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv", SmallRvuFile), FeeScheduleFile.FromBytes(kind, name, data)], Options);
            Check(release);
            return null;
        }
        catch (FeeScheduleFormatException ex)
        {
            return ex.Message;
        }
    }

    private static string? FeeScheduleZip(byte[] data)
    {
        try
        {
            Check(FeeScheduleLoader.LoadZip(new MemoryStream(data), "RVU25D.zip", new FeeScheduleLoadOptions { MaxFileBytes = 1 << 20 }));
            return null;
        }
        catch (FeeScheduleFormatException ex)
        {
            return ex.Message;
        }
    }

    private static string? Ncci(string name, byte[] data)
    {
        try
        {
            foreach (var table in NcciLoader.Load(new MemoryStream(data), name, new NcciLoadOptions { MaxFileBytes = 1 << 20 }))
            {
                if (table.Source.Length < 0 || table.Count < 0)
                {
                    throw new InvalidOperationException("a table of negative size");
                }
            }

            return null;
        }
        catch (NcciFormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>A release that loads holds what a release must: at least one row, no negative RVU.</summary>
    private static void Check(FeeScheduleRelease release)
    {
        if (release.Rvus.Count == 0)
        {
            throw new InvalidOperationException("a release without rows loaded");
        }

        foreach (var e in release.Rvus.Rows)
        {
            if (e.WorkRvu < 0m || e.NonFacilityPracticeExpenseRvu < 0m || e.FacilityPracticeExpenseRvu < 0m || e.MalpracticeRvu < 0m)
            {
                throw new InvalidOperationException($"a negative RVU loaded on {e}");
            }
        }
    }
}
