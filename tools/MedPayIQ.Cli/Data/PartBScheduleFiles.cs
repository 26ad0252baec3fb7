using MedPayIQ.Pricing;

namespace MedPayIQ.Cli.Data;

/// <summary>
/// The CLFS, DMEPOS (and PEN), DMEPOS rural ZIP code, former-CBA and ASP files for <c>data add</c>: the library knows
/// them by CMS's names and loads them (<see cref="ScheduleFileLocation"/>, <see cref="ReleaseFolder.FindSchedules"/>);
/// this says how many rows a loaded one should have.
/// </summary>
internal static class PartBScheduleFiles
{
    /// <summary>
    /// The rows of a schedule, and of the smallest reference file of its kind: the packaged ones, or for ASP files (none
    /// is packaged) those already in the data folder (<paramref name="added"/>; <c>null</c> when there is none yet). A
    /// file with far fewer rows was cut short between two rows, which its loader cannot see.
    /// </summary>
    public static (int Rows, int? Reference, string Of) Rows(QuarterlySchedule schedule, IEnumerable<QuarterlySchedule> added) => schedule switch
    {
        DrugPaymentLimits s => (s.CodeCount, added.OfType<DrugPaymentLimits>().Where(a => a.Name != s.Name).Select(a => (int?)a.CodeCount).Min(), "in the data folder"),
        _ => (schedule.RowCount, MedPayIQ.Pricing.Data.PackagedFeeSchedules.SmallestPackagedRows(schedule), Packaged),
    };

    private const string Packaged = "packaged";
}
