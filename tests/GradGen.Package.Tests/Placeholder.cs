namespace GradGen.Package.Tests;
