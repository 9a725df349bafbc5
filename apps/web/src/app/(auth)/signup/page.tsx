import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { CredentialsForm } from "../_components/credentials-form";

export const metadata: Metadata = { title: "Create account" };

export default function SignupPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1>Create your account</h1>
        </CardTitle>
        <CardDescription>
          Chats that survive closed tabs, and a file workspace that stays yours.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <CredentialsForm mode="signup" />
      </CardContent>
      <CardFooter className="justify-center text-muted-foreground text-sm">
        <p>
          Already have an account?{" "}
          <Link href="/login" className="font-medium text-primary underline-offset-4 hover:underline">
            Log in
          </Link>
        </p>
      </CardFooter>
    </Card>
  );
}
