import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { CredentialsForm } from "../_components/credentials-form";

export const metadata: Metadata = { title: "Log in" };

export default function LoginPage() {
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1>Log in</h1>
        </CardTitle>
        <CardDescription>Welcome back. Your chats and files are where you left them.</CardDescription>
      </CardHeader>
      <CardContent>
        <CredentialsForm mode="login" />
      </CardContent>
      <CardFooter className="justify-center text-muted-foreground text-sm">
        <p>
          New here?{" "}
          <Link href="/signup" className="font-medium text-primary underline-offset-4 hover:underline">
            Create an account
          </Link>
        </p>
      </CardFooter>
    </Card>
  );
}
