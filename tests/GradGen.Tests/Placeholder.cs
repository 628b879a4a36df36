namespace GradGen.Tests;
