using System.Runtime.InteropServices;
using AshbySource.Cli;
using AshbySource.Protocol;

// Composition only: the console streams, the clock and the stop signals. Everything else is ConnectorApp.
using var stop = new CancellationTokenSource();

// SIGTERM (orchestrator cancel) and SIGINT: stop reading, finish the line being written, exit non-zero.
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });

#pragma warning disable RS0030 // The one place allowed to touch the console.
// No extra buffer: the message writer writes whole batches of lines and flushes each.
await using var stdout = StandardOutput.OpenPipe() ?? Console.OpenStandardOutput();
var stderr = Console.Error;
#pragma warning restore RS0030

var app = new ConnectorApp(stdout, stderr, TimeProvider.System);
var exitCode = await app.RunAsync(args, stop.Token);
await stdout.FlushAsync();
return exitCode;
