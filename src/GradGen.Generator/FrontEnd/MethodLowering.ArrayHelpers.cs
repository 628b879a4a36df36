using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// <c>double[] e = Embed(W, x, dim);</c> with <c>Embed</c> a method of the user's that creates a buffer, fills it and
    /// returns it. A pullback carries one number back to its caller, so such a helper is written where it is called, as a
    /// local function is: its arguments bound to its parameters, its body run in a block of its own, and the buffer it
    /// returns becomes the caller's local. The buffer is created once, before the caller's statement (rented in generated
    /// code), so its length must be the same on every call: constants, the caller's fixed counts and lengths, passed on.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>Locals a helper returns, named as the caller's local that receives them.</summary>
        private readonly Dictionary<ILocalSymbol, string> _returnedBufferNames = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// Lowers <paramref name="declarator"/> when its initializer calls a method of the user's source that returns an array
        /// (true, reported on failure); false for any other initializer.
        /// </summary>
        private bool LowerArrayFromHelper(IVariableDeclaratorOperation declarator, TypeRef localType, IOperation? initializer, List<Stmt> output)
        {
            IOperation? value = initializer;
            while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
            if (value is not IInvocationOperation { TargetMethod: var target } invocation || target.MethodKind == MethodKind.LocalFunction
                || SymbolFacts.Classify(target.ReturnType) is not { IsSequence: true } returned || !_calls.IsInSource(target.OriginalDefinition))
            {
                return false;
            }

            ILocalSymbol local = declarator.Symbol;
            IMethodSymbol method = target.OriginalDefinition;
            if (WhyNotWritten(invocation, method, returned, localType, out IBlockOperation? body, out SemanticModel? model, out ILocalSymbol? buffer) is { Length: > 0 } why)
            {
                Reject(why);
                return true;
            }

            _returnedBufferNames[buffer!] = local.Name;
            bool inlined = WithEffects(output, () => InlineBody(invocation, method, body!, model!, null, buffer, output, inExpression: false));
            _returnedBufferNames.Remove(buffer!);
            if (!inlined)
            {
                _rejectedLocals.Add(local);
                return true;
            }

            if (!_variables.TryGetValue(buffer!, out Variable? created) || _rootStatements?.Any(s => s is Declare d && d.Var.Id == created.Id) != true)
            {
                Reject("it returns '" + buffer!.Name + "', and GradGen names a returned array here only when the method creates it with new " + ElementName(returned)
                    + "[n] (or a list of values) and fills it; return an array created that way");
                return true;
            }

            _variables[local] = created;
            return true;

            void Reject(string reason)
            {
                _rejectedLocals.Add(local);
                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), local.Name,
                    "'" + method.Name + "' returns a new array, which GradGen writes where it is called, but " + reason
                    + "; or create the buffer here and fill it in a loop (" + local.Name + "[i] = ...)");
            }
        }

        /// <summary>Why the helper <paramref name="method"/> cannot be written where <paramref name="invocation"/> calls it, or
        /// empty, with its body, the model that reads it and the local it returns.</summary>
        private string WhyNotWritten(IInvocationOperation invocation, IMethodSymbol method, TypeRef returned, TypeRef localType,
            out IBlockOperation? body, out SemanticModel? model, out ILocalSymbol? buffer)
        {
            body = null;
            model = null;
            buffer = null;
            if (!localType.Equals(returned))
            {
                return "this local is a '" + LocalTypeName(invocation) + "' and it returns a '" + method.ReturnType.ToDisplayString() + "'; declare the local as the method returns it (or with var)";
            }

            if (method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern
                || method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                return "it is not an ordinary method with a body of its own";
            }

            if (!method.IsStatic && invocation.Instance is not IInstanceReferenceOperation)
            {
                return "it is called on another instance than this one; make it static";
            }

            string why = WhyNotInlined(method);
            if (why.Length > 0) return why;

            if (CallContext.GetDeclaration(method, _semanticModel.Compilation) is not { } declaration)
            {
                return "its body is not available (fix the compile errors first)";
            }

            if (declaration.DescendantNodes(n => n is not LocalFunctionStatementSyntax and not AnonymousFunctionExpressionSyntax).OfType<YieldStatementSyntax>().Any())
            {
                return "it is an iterator";
            }

            model = declaration.SyntaxTree == _semanticModel.SyntaxTree ? _semanticModel : _calls.ModelFor(declaration.SyntaxTree);
            body = model.GetOperation(declaration, _cancellationToken) switch
            {
                IMethodBodyOperation { BlockBody: { } block } => block,
                IMethodBodyOperation { ExpressionBody: { } expression } => expression,
                _ => null,
            };
            if (body is null) return "its body is not available (fix the compile errors first)";

            IOperation? last = body.Operations.LastOrDefault();
            IOperation? result = (last as IReturnOperation)?.ReturnedValue;
            while (result is IConversionOperation { IsImplicit: true } conversion) result = conversion.Operand;
            if (result is not ILocalReferenceOperation { Local: var returnedLocal })
            {
                return "it does not end with return of a local array it created (return e;)";
            }

            IBlockOperation read = body;
            int returns = read.Descendants().Count(o => o is IReturnOperation && !InsideFunction(o, read));
            if (returns != 1)
            {
                return "it returns in more than one place; let it end with its only return (return " + returnedLocal.Name + ";)";
            }

            buffer = returnedLocal;
            return string.Empty;
        }

        /// <summary>Whether <paramref name="operation"/> belongs to a local function or lambda nested in <paramref name="body"/>.</summary>
        private static bool InsideFunction(IOperation operation, IOperation body)
        {
            for (IOperation? o = operation.Parent; o is not null && o != body; o = o.Parent)
            {
                if (o is ILocalFunctionOperation or IAnonymousFunctionOperation) return true;
            }

            return false;
        }

        private static string LocalTypeName(IInvocationOperation invocation)
        {
            IOperation? o = invocation.Parent;
            while (o is IConversionOperation) o = o.Parent;
            return o is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.Type: var type } } ? type.ToDisplayString() : "?";
        }

        private static string ElementName(TypeRef type) => type.Scalar switch
        {
            ScalarKind.Float => "float",
            ScalarKind.Int32 => "int",
            ScalarKind.Int64 => "long",
            ScalarKind.Boolean => "bool",
            _ => "double",
        };
    }
}
