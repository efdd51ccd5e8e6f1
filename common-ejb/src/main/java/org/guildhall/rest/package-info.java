/** What every REST boundary shares: who may call it, and the JSON body of an error. */
package org.guildhall.rest;
