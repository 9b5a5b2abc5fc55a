using EspWs.App.Control;
using EspWs.App.PowerOn;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.PowerOn;

public sealed class LedStateKeeperTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("espws-keeper-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Burst_of_changes_ends_with_the_newest_state_on_file()
    {
        var file = new LedStateFile(_directory.FullName);
        await using var keeper = new LedStateKeeper(file, null, NullLogger<LedStateKeeper>.Instance, TimeProvider.System, TimeSpan.FromMilliseconds(100));

        for (int seq = 1; seq <= 1000; seq++)
        {
            keeper.OnChanged(new LedChange(new LedState(seq % 2 == 1, seq), LedChangeSource.WebSocket));
        }

        Assert.True(await TestTimeout.Until(() => file.Read(NullLogger.Instance) == new LedState(false, 1000)));
        Assert.False(File.Exists(file.FilePath + ".tmp"));
    }

    [Fact]
    public async Task State_already_on_file_is_not_written_again()
    {
        var file = new LedStateFile(_directory.FullName);
        // The keeper is told the file holds (on, 5); bytes that differ show whether it rewrote the file.
        File.WriteAllText(file.FilePath, "left alone\n");
        await using var keeper = new LedStateKeeper(file, new LedState(true, 5), NullLogger<LedStateKeeper>.Instance, TimeProvider.System, TimeSpan.Zero);

        keeper.OnChanged(new LedChange(new LedState(true, 5), LedChangeSource.PowerOn));
        await keeper.StopAsync(TestTimeout.Default);

        Assert.Equal("left alone\n", File.ReadAllText(file.FilePath));
    }

    [Fact]
    public async Task Stop_writes_the_change_still_waiting_for_its_spacing()
    {
        var file = new LedStateFile(_directory.FullName);
        await using var keeper = new LedStateKeeper(file, null, NullLogger<LedStateKeeper>.Instance, TimeProvider.System, TimeSpan.FromHours(1));
        keeper.OnChanged(new LedChange(new LedState(true, 1), LedChangeSource.WebSocket));
        Assert.True(await TestTimeout.Until(() => File.Exists(file.FilePath)));

        keeper.OnChanged(new LedChange(new LedState(false, 2), LedChangeSource.WebSocket));
        await keeper.StopAsync(TestTimeout.Default);

        Assert.Equal(new LedState(false, 2), file.Read(NullLogger.Instance));
    }

    [Fact]
    public async Task Unwritable_directory_gives_one_warning_naming_the_file()
    {
        // Root ignores file modes, so the directory is made unwritable by placing it under a regular file.
        string blocker = Path.Combine(_directory.FullName, "not-a-directory");
        File.WriteAllText(blocker, "");
        var file = new LedStateFile(Path.Combine(blocker, "state"));
        using var loggers = new CapturingLoggerFactory();
        await using var keeper = new LedStateKeeper(file, null, new Logger<LedStateKeeper>(loggers), TimeProvider.System, TimeSpan.Zero);

        for (int seq = 1; seq <= 5; seq++)
        {
            keeper.OnChanged(new LedChange(new LedState(seq % 2 == 1, seq), LedChangeSource.WebSocket));
            await Task.Delay(20);
        }

        await keeper.StopAsync(TestTimeout.Default);

        (LogLevel _, string message) = Assert.Single(loggers.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains(file.FilePath, message);
    }
}
